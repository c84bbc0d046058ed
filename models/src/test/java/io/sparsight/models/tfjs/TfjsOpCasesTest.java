package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every op the importer runs, each in a tiny graph of its own, against TensorFlow.js's graph executor: the fixtures in
 * {@code tfjs/ops/<case>} (the graph as the converter writes it, and what TF.js 4 on its CPU backend gave) are made by
 * {@code tools/tfjs-reference/op-cases.js}. Cases cover the attributes that change results: SAME and VALID padding,
 * strides, dilations, fused bias and activations, the three bilinear resize modes, slice masks, negative axes,
 * broadcasting, an inferred reshape, and ops with several outputs.
 */
class TfjsOpCasesTest {

    private static final Path CASES = Path.of("src/test/resources/tfjs/ops");
    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = OfflineRuntime.pytorch().newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theOpGivesWhatTensorFlowJsGives(String name) throws Exception {
        Path dir = CASES.resolve(name);
        JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        TfjsGraphModel graph = TfjsGraphModel.read(dir.resolve("model.json"));
        try (NDManager call = manager.newSubManager(); TfjsProgram program = new TfjsProgram(graph, call)) {
            NDArray x = call.create(floats(expected.path("x").path("values")),
                    new Shape(longs(expected.path("x").path("shape"))));
            Map<String, NDArray> outputs = program.run(x, call);
            for (JsonNode want : expected.path("outputs")) {
                NDArray got = outputs.get(want.path("name").asText());
                assertThat(got).as("output %s of %s", want.path("name").asText(), name).isNotNull();
                assertThat(got.getShape().getShape()).as("shape of %s", want.path("name").asText())
                        .containsExactly(longs(want.path("shape")));
                float[] actual = got.toType(DataType.FLOAT32, false).toFloatArray();
                float[] wanted = floats(want.path("values"));
                assertThat(actual).as("values of %s", want.path("name").asText()).hasSameSizeAs(wanted);
                for (int k = 0; k < wanted.length; k++) {
                    assertThat(actual[k]).as("value %d of %s in %s", k, want.path("name").asText(), name)
                            .isCloseTo(wanted[k],
                                    org.assertj.core.data.Offset.offset(1e-5f + 1e-5f * Math.abs(wanted[k])));
                }
            }
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) array.get(k).asDouble();
        }
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = array.get(k).asLong();
        }
        return out;
    }
}
