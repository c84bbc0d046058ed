package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled COCO detector and pose model through Sparsight's TF.js importer against TensorFlow.js itself: the
 * fixtures are the outputs of {@code tools/tfjs-reference/run-graph.js} (TF.js 4.22.0, CPU backend) for the same
 * input, a Ped2 frame (testing/04, frame 100) resized to 416x416 (the detector: float32 0..255 in NCHW) or 256x256
 * (MoveNet MultiPose: int32 0..255 in NHWC) as RGB bytes.
 */
class TfjsParityTest {

    private static final Path FIXTURES = Path.of("src/test/resources/tfjs");

    private static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    @Test
    void everyOutputOfTheBundledDetectorMatchesTensorFlowJs() throws Exception {
        byte[] rgb = gunzip(FIXTURES.resolve("ped2-test04-100-416.rgb.gz"));
        float[] pixels = new float[rgb.length];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = rgb[k] & 0xFF;
        }
        assertMatchesTensorFlowJs(Path.of("src/main/resources/models/coco-nanodet/nanodet.json"),
                manager -> manager.create(pixels, new Shape(1, 416, 416, 3)).transpose(0, 3, 1, 2),
                FIXTURES.resolve("nanodet-ped2-test04-100"));
    }

    /** MoveNet needs the vector-reshape rule of TfjsShapes.reshape: without it the grid it decodes with is wrong. */
    @Test
    void theBundledPoseModelMatchesTensorFlowJs() throws Exception {
        byte[] rgb = gunzip(FIXTURES.resolve("ped2-test04-100-256.rgb.gz"));
        int[] pixels = new int[rgb.length];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = rgb[k] & 0xFF;
        }
        assertMatchesTensorFlowJs(Path.of("src/main/resources/models/coco-movenet/movenet-multipose.json"),
                manager -> manager.create(pixels, new Shape(1, 256, 256, 3)),
                FIXTURES.resolve("movenet-ped2-test04-100"));
    }

    private static void assertMatchesTensorFlowJs(Path modelFile, java.util.function.Function<NDManager, NDArray> input,
            Path reference) throws IOException {
        JsonNode described = new ObjectMapper().readTree(reference.resolve("outputs.json").toFile());
        TfjsGraphModel model = TfjsGraphModel.read(modelFile);
        try (NDManager manager = NDManager.newBaseManager(); TfjsProgram program = new TfjsProgram(model, manager)) {
            Map<String, NDArray> outputs = program.run(input.apply(manager), manager);
            assertThat(outputs.keySet()).hasSize(described.path("outputs").size());
            for (JsonNode expected : described.path("outputs")) {
                NDArray actual = outputs.get(expected.path("name").asText());
                assertThat(actual).as("output %s", expected.path("name").asText()).isNotNull();
                long[] shape = new long[expected.path("shape").size()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = expected.path("shape").get(d).asLong();
                }
                assertThat(actual.getShape()).isEqualTo(new Shape(shape));
                float[] values = actual.toFloatArray();
                int stride = expected.path("stride").asInt();
                FloatBuffer tfjs = ByteBuffer.wrap(gunzip(reference.resolve(expected.path("file").asText())))
                        .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                assertThat(tfjs.remaining()).isEqualTo(values.length / stride);
                double worst = 0;
                double sum = 0;
                for (int k = 0; k < tfjs.remaining(); k++) {
                    worst = Math.max(worst, Math.abs(values[k * stride] - tfjs.get(k)));
                }
                for (float v : values) {
                    sum += v;
                }
                assertThat(worst).as("max abs difference of %s", expected.path("name").asText()).isLessThanOrEqualTo(1e-3);
                assertThat(sum).as("sum of %s", expected.path("name").asText())
                        .isCloseTo(expected.path("sum").asDouble(), org.assertj.core.data.Offset.offset(
                                1e-5 * values.length + 1e-6 * Math.abs(expected.path("sum").asDouble())));
            }
        }
    }
}
