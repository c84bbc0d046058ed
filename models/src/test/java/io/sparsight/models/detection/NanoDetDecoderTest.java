package io.sparsight.models.detection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.tfjs.TfjsGraphModel;
import io.sparsight.models.tfjs.TfjsProgram;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** NanoDet's outputs decoded into boxes, and non-maximum suppression, on hand-made cases and on a Ped2 frame. */
class NanoDetDecoderTest {

    private static final float[] MEAN_BGR = {103.53f, 116.28f, 123.675f};
    private static final float[] STD_BGR = {57.375f, 57.12f, 58.395f};

    @Test
    void theExpectedBinOfADistribution() {
        assertThat(NanoDetDecoder.expectedBin(new float[] {0, 0, 0}, 0, 3)).isEqualTo(1f);
        assertThat(NanoDetDecoder.expectedBin(new float[] {9, -50, -50, 50, -50}, 1, 4)).isEqualTo(2f);
    }

    @Test
    void suppressionKeepsTheBestOfOverlappingBoxesOfOneClassOnly() {
        Detection best = new Detection(0, 0.9f, 0, 0, 10, 20);
        Detection overlapping = new Detection(0, 0.8f, 1, 1, 11, 21);
        Detection otherClass = new Detection(1, 0.7f, 1, 1, 11, 21);
        Detection apart = new Detection(0, 0.6f, 50, 50, 60, 70);
        assertThat(NonMaxSuppression.perClass(List.of(apart, overlapping, otherClass, best), 0.5f))
                .containsExactly(best, otherClass, apart);
    }

    @Test
    void thePedestriansOfAPed2FrameAreFoundAsPeople() throws Exception {
        byte[] rgb;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                Path.of("src/test/resources/tfjs/ped2-test04-100-416.rgb.gz")))) {
            rgb = in.readAllBytes();
        }
        float[] bgr = new float[rgb.length];
        for (int i = 0; i < rgb.length; i += 3) {
            for (int c = 0; c < 3; c++) {
                int b = 2 - c; // RGB bytes to normalised BGR, as NanoDet was trained
                bgr[i + b] = ((rgb[i + c] & 0xFF) - MEAN_BGR[b]) / STD_BGR[b];
            }
        }
        TfjsGraphModel model = TfjsGraphModel.read(Path.of("src/main/resources/models/coco-nanodet/nanodet.json"));
        try (NDManager manager = NDManager.newBaseManager(); TfjsProgram program = new TfjsProgram(model, manager)) {
            NDArray input = manager.create(bgr, new Shape(1, 416, 416, 3)).transpose(0, 3, 1, 2);
            Map<String, NDArray> outputs = program.run(input, manager);
            List<Detection> found = NonMaxSuppression.perClass(
                    new NanoDetDecoder(416, CocoClasses.NAMES.size()).decode(outputs, 0.4f), 0.6f);
            found.forEach(d -> System.out.println("detection " + d.className() + " " + d));
            List<Detection> people = found.stream().filter(d -> d.className().equals("person") && d.score() >= 0.5f)
                    .toList();
            assertThat(people).as("people found with a score of 0.5 or more").hasSizeGreaterThanOrEqualTo(3);
            assertThat(people).allSatisfy(p -> {
                assertThat(p.x1()).isBetween(0f, 416f);
                assertThat(p.x2()).isGreaterThan(p.x1());
                assertThat(p.y2() - p.y1()).as("a walking person is taller than wide: %s", p)
                        .isGreaterThan(p.x2() - p.x1());
            });
        }
    }
}
