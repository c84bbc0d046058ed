package io.sparsight.models.tfjs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading TF.js graph models: the graph, the signature and every weight encoding the converter writes. */
class TfjsGraphModelTest {

    @TempDir
    Path dir;

    private static final String GRAPH = """
            {"format": "graph-model", "generatedBy": "test", "convertedBy": "test",
             "signature": {"outputs": {"out:0": {"name": "out:0"}}},
             "modelTopology": {"node": [
               {"name": "image", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
               {"name": "w32", "op": "Const"}, {"name": "w16", "op": "Const"}, {"name": "w8", "op": "Const"},
               {"name": "axes", "op": "Const"},
               {"name": "conv", "op": "Conv2D", "input": ["image", "w32", "^axes"], "attr": {
                 "strides": {"list": {"i": ["1", "2", "2", "1"]}}, "padding": {"s": "U0FNRQ=="},
                 "fused_ops": {"list": {"s": ["Qmlhc0FkZA==", "UmVsdQ=="]}}, "epsilon": {"f": 0.001}}},
               {"name": "out", "op": "%s", "input": ["conv:0", "w16"]}]},
             "weightsManifest": [{"paths": ["model.bin"], "weights": [
               {"name": "w32", "shape": [2], "dtype": "float32"},
               {"name": "w16", "shape": [4], "dtype": "float32", "quantization": {"dtype": "float16", "original_dtype": "float32"}},
               {"name": "w8", "shape": [2, 1], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1.0}},
               {"name": "axes", "shape": [2], "dtype": "int32"}]}]}
            """;

    private Path write(String lastOp, int dropBytes) throws IOException {
        ByteBuffer bin = ByteBuffer.allocate(8 + 8 + 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        bin.putFloat(1.5f).putFloat(-2f);
        // float16: 1.0, -2.5, the smallest normal (2^-14) and the smallest subnormal (2^-24)
        bin.putShort((short) 0x3C00).putShort((short) 0xC100).putShort((short) 0x0400).putShort((short) 0x0001);
        bin.put((byte) 0).put((byte) 6);
        bin.putInt(1).putInt(-2);
        Files.write(dir.resolve("model.bin"), Arrays.copyOf(bin.array(), bin.capacity() - dropBytes));
        return Files.writeString(dir.resolve("model.json"), GRAPH.formatted(lastOp));
    }

    @Test
    void readsTheGraphTheSignatureAndEveryWeightEncoding() throws Exception {
        TfjsGraphModel model = TfjsGraphModel.read(write("AddV2", 0));

        assertThat(model.name()).isEqualTo("model");
        assertThat(model.inputs()).containsExactly("image");
        assertThat(model.outputs()).containsExactly("out");
        assertThat(model.nodes()).extracting(TfjsNode::op)
                .containsExactly("Placeholder", "Const", "Const", "Const", "Const", "Conv2D", "AddV2");
        TfjsNode conv = model.nodes().get(5);
        assertThat(conv.inputs()).as("control inputs dropped").containsExactly("image", "w32");
        assertThat(conv.ints("strides")).containsExactly(1, 2, 2, 1);
        assertThat(conv.string("padding", "VALID")).isEqualTo("SAME");
        assertThat(conv.string("data_format", "NHWC")).isEqualTo("NHWC");
        assertThat(conv.strings("fused_ops")).containsExactly("BiasAdd", "Relu");
        assertThat(conv.number("epsilon", 0)).isEqualTo(0.001, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(TfjsNode.producer("conv:1")).isEqualTo("conv");
        assertThat(TfjsNode.outputIndex("conv:1")).isEqualTo(1);
        assertThat(TfjsNode.outputIndex("conv")).isZero();

        assertThat(model.weights().get("w32").floats()).containsExactly(1.5f, -2f);
        assertThat(model.weights().get("w16").floats()).containsExactly(1f, -2.5f, 0x1p-14f, 0x1p-24f);
        assertThat(model.weights().get("w8").floats()).containsExactly(-1f, 2f);
        assertThat(model.weights().get("w8").shape()).containsExactly(2, 1);
        assertThat(model.weights().get("axes").ints()).containsExactly(1, -2);
        assertThat(model.weights().get("axes").isFloat()).isFalse();
    }

    @Test
    void halfPrecisionCoversInfinityAndNaN() {
        assertThat(TfjsGraphModel.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(TfjsGraphModel.halfToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(TfjsGraphModel.halfToFloat((short) 0x7E00)).isNaN();
        assertThat(TfjsGraphModel.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(TfjsGraphModel.halfToFloat((short) 0x8000)).isEqualTo(-0f);
    }

    @Test
    void anOpTheImporterDoesNotRunIsNamedWithANodeOfIt() throws Exception {
        TfjsGraphModel model = TfjsGraphModel.read(write("FancyNewOp", 0));
        assertThatThrownBy(() -> model.requireOps(Set.of("Placeholder", "Const", "Conv2D")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("FancyNewOp (node out)")
                .hasMessageContaining("uses ops this importer does not run");
    }

    @Test
    void aTruncatedWeightFileOrAConstantWithoutWeightIsAClearError() throws Exception {
        Path truncated = write("AddV2", 3);
        assertThatThrownBy(() -> TfjsGraphModel.read(truncated)).isInstanceOf(IOException.class)
                .hasMessageContaining("weight 'axes' needs 8 bytes").hasMessageContaining("truncated");

        Path json = write("AddV2", 0);
        Files.writeString(json, Files.readString(json).replace("{\"name\": \"axes\", \"op\": \"Const\"},",
                "{\"name\": \"axes\", \"op\": \"Const\"}, {\"name\": \"lost\", \"op\": \"Const\"},"));
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(IOException.class)
                .hasMessageContaining("the constant 'lost' has no weight");

        Files.delete(dir.resolve("model.bin"));
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).isInstanceOf(IOException.class)
                .hasMessageContaining("weight file").hasMessageContaining("is missing");
    }
}
