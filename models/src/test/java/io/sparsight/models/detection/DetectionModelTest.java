package io.sparsight.models.detection;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled detector from the jar's resources on a Ped2 frame, as a grey camera and as a colour one. */
class DetectionModelTest {

    @Test
    void findsThePeopleOfAPed2FrameInTheFramesOwnPixels() throws Exception {
        byte[] rgb = fixtureRgb();
        // the 416x416 fixture shrunk to 208x208 (every other pixel): the boxes must come back in these pixels
        int size = 208;
        byte[] bgr = new byte[size * size * 3];
        byte[] grey = new byte[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int from = ((2 * y) * 416 + 2 * x) * 3;
                int to = y * size + x;
                bgr[to * 3] = rgb[from + 2];
                bgr[to * 3 + 1] = rgb[from + 1];
                bgr[to * 3 + 2] = rgb[from];
                grey[to] = rgb[from + 1]; // Ped2 is grey: R = G = B
            }
        }
        try (DetectionModel model = DetectionModel.bundled()) {
            for (int channels : new int[] {3, 1}) {
                List<Detection> found = model.detect(channels == 3 ? bgr : grey, size, size, channels, 0.4f);
                List<Detection> people = found.stream().filter(d -> d.className().equals("person")).toList();
                assertThat(people).as("people in the %d-channel frame: %s", channels, found)
                        .hasSizeGreaterThanOrEqualTo(3);
                assertThat(people).allSatisfy(p -> {
                    assertThat(p.x2()).isLessThanOrEqualTo(size);
                    assertThat(p.y2()).isLessThanOrEqualTo(size);
                });
            }
        }
    }

    /**
     * Frames batched into one network call give each frame its own detections: those of the frame alone, up to float
     * rounding (the graph was converted at batch 1; its reshapes keep the batch, TfjsShapes.reshape).
     */
    @Test
    void aBatchOfFramesGivesEachFrameItsOwnDetections() throws Exception {
        byte[] rgb = fixtureRgb();
        byte[] bgr = new byte[rgb.length];
        byte[] mirrored = new byte[rgb.length];
        for (int y = 0; y < 416; y++) {
            for (int x = 0; x < 416; x++) {
                for (int c = 0; c < 3; c++) {
                    bgr[(y * 416 + x) * 3 + c] = rgb[(y * 416 + x) * 3 + 2 - c];
                    mirrored[(y * 416 + x) * 3 + c] = rgb[(y * 416 + 415 - x) * 3 + 2 - c];
                }
            }
        }
        try (DetectionModel model = DetectionModel.bundled()) {
            List<Detection> alone = model.detect(bgr, 416, 416, 3, 0.3f);
            List<Detection> mirroredAlone = model.detect(mirrored, 416, 416, 3, 0.3f);
            List<List<Detection>> batch = model.detectAll(List.of(new DetectionModel.Frame(bgr, 416, 416, 3),
                    new DetectionModel.Frame(mirrored, 416, 416, 3), new DetectionModel.Frame(bgr, 416, 416, 3)), 0.3f);
            assertThat(alone).isNotEmpty();
            assertSame(batch.get(0), alone);
            assertSame(batch.get(1), mirroredAlone);
            assertSame(batch.get(2), alone);
        }
    }

    private static void assertSame(List<Detection> actual, List<Detection> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            Detection a = actual.get(k);
            Detection e = expected.get(k);
            assertThat(a.classId()).isEqualTo(e.classId());
            assertThat(a.score()).isCloseTo(e.score(), org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(a.iou(e)).isGreaterThan(0.999f);
        }
    }

    /**
     * The boxes the detector gives on the Ped2 fixture frame are those of TF.js running the same graph with upstream
     * NanoDet's decoding and TF.js's own non-maximum suppression ({@code tools/tfjs-reference/decode-nanodet.js} wrote
     * {@code boxes.json}): the same objects, classes, scores to 1e-3 and boxes to 0.05 pixels, in the same order.
     */
    @Test
    void theBoxesAreThoseOfTensorFlowJsWithUpstreamDecoding() throws Exception {
        byte[] rgb = fixtureRgb();
        byte[] bgr = new byte[rgb.length];
        for (int p = 0; p < rgb.length; p += 3) {
            bgr[p] = rgb[p + 2];
            bgr[p + 1] = rgb[p + 1];
            bgr[p + 2] = rgb[p];
        }
        com.fasterxml.jackson.databind.JsonNode reference = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Path.of("src/test/resources/tfjs/nanodet-ped2-test04-100/boxes.json").toFile());
        float minScore = (float) reference.path("minScore").asDouble();
        try (DetectionModel model = DetectionModel.bundled()) {
            List<Detection> found = model.detect(bgr, 416, 416, 3, minScore);
            com.fasterxml.jackson.databind.JsonNode expected = reference.path("detections");
            assertThat(found).as("detections of at least %s: %s", minScore, found).hasSize(expected.size());
            for (int k = 0; k < found.size(); k++) {
                Detection d = found.get(k);
                com.fasterxml.jackson.databind.JsonNode e = expected.get(k);
                assertThat(d.classId()).as("class of detection %d", k).isEqualTo(e.path("classId").asInt());
                assertThat(d.score()).as("score of detection %d", k)
                        .isCloseTo((float) e.path("score").asDouble(), org.assertj.core.data.Offset.offset(1e-3f));
                float[] box = {d.x1(), d.y1(), d.x2(), d.y2()};
                for (int c = 0; c < 4; c++) {
                    assertThat(box[c]).as("box of detection %d, coordinate %d", k, c).isCloseTo(
                            (float) e.path("box").get(c).asDouble(), org.assertj.core.data.Offset.offset(0.05f));
                }
            }
        }
    }

    /** The Ped2 fixture frame at the model's 416x416, RGB row by row. */
    private static byte[] fixtureRgb() throws java.io.IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                Path.of("src/test/resources/tfjs/ped2-test04-100-416.rgb.gz")))) {
            return in.readAllBytes();
        }
    }
}
