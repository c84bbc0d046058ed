package io.sparsight.models.tfjs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites, once at compile time, the patterns a graph converted from PyTorch through ONNX is full of, so that they
 * run as one PyTorch call instead of several copies: such a graph keeps its tensors NCHW and wraps each convolution
 * as {@code Pad (NCHW) -> Transpose to NHWC -> Conv2D VALID -> Add bias}, each max pool as
 * {@code PadV2 (-inf) -> Transpose -> MaxPool VALID}. The first becomes one convolution on the NCHW input with its
 * padding and bias ({@link #NCHW_CONV}), the second one pool on the NCHW input ({@link #NCHW_MAX_POOL}); the bias add
 * becomes an Identity of it. A pattern is rewritten only when each intermediate has no other consumer, the transpose
 * is NCHW to NHWC, and the padding is what the fused op can say (symmetric zeros; -inf on the height and width); the
 * results are the same numbers (TfjsParityTest, TfjsOpCasesTest).
 */
final class TfjsFusion {

    /** Conv2D reading an NCHW input with symmetric zero padding {@code sparsight_pads} [top, left], optional bias. */
    static final String NCHW_CONV = "_SparsightNchwConv2D";
    /** MaxPool reading an NCHW input padded with -inf by {@code sparsight_pads} [top, bottom, left, right]. */
    static final String NCHW_MAX_POOL = "_SparsightNchwMaxPool";
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    private TfjsFusion() {}

    /** The nodes with every pattern it knows rewritten; unchanged nodes are the same objects. */
    static List<TfjsNode> fused(List<TfjsNode> nodes, Map<String, TfjsTensor> weights) {
        Map<String, TfjsNode> byName = new HashMap<>();
        Map<String, List<TfjsNode>> consumers = new HashMap<>();
        for (TfjsNode node : nodes) {
            byName.put(node.name(), node);
            for (String input : node.inputs()) {
                consumers.computeIfAbsent(TfjsNode.producer(input), k -> new ArrayList<>()).add(node);
            }
        }
        Map<String, TfjsNode> replaced = new HashMap<>();
        for (TfjsNode node : nodes) {
            if (node.op().equals("Conv2D")) {
                fuseConvolution(node, byName, consumers, weights, replaced);
            } else if (node.op().equals("MaxPool")) {
                fuseMaxPool(node, byName, consumers, weights, replaced);
            }
        }
        List<TfjsNode> out = new ArrayList<>(nodes.size());
        for (TfjsNode node : nodes) {
            out.add(replaced.getOrDefault(node.name(), node));
        }
        return out;
    }

    private static void fuseConvolution(TfjsNode conv, Map<String, TfjsNode> byName,
            Map<String, List<TfjsNode>> consumers, Map<String, TfjsTensor> weights, Map<String, TfjsNode> replaced) {
        if (!conv.string("padding", "").equals("VALID") || !conv.string("data_format", "NHWC").equals("NHWC")) {
            return;
        }
        TfjsNode pad = paddedNchwInput(conv, byName, consumers, weights, "Pad");
        if (pad == null) {
            return;
        }
        long[] p = constant(pad.inputs().get(1), weights);
        if (p == null || p.length != 8 || p[0] != 0 || p[1] != 0 || p[2] != 0 || p[3] != 0 || p[4] != p[5]
                || p[6] != p[7]) {
            return;
        }
        ObjectNode attributes = copy(conv);
        attributes.set("sparsight_pads", ints(p[4], p[6]));
        List<String> inputs = new ArrayList<>(List.of(pad.inputs().get(0), conv.inputs().get(1)));
        List<TfjsNode> after = consumers.getOrDefault(conv.name(), List.of());
        if (after.size() == 1 && isBiasAdd(after.get(0), conv.name(), weights)) {
            TfjsNode add = after.get(0);
            inputs.add(add.inputs().get(1));
            replaced.put(add.name(), new TfjsNode(add.name(), "Identity", List.of(conv.name()),
                    JsonNodeFactory.instance.objectNode()));
        }
        replaced.put(conv.name(), new TfjsNode(conv.name(), NCHW_CONV, List.copyOf(inputs), attributes));
    }

    private static void fuseMaxPool(TfjsNode pool, Map<String, TfjsNode> byName, Map<String, List<TfjsNode>> consumers,
            Map<String, TfjsTensor> weights, Map<String, TfjsNode> replaced) {
        if (!pool.string("padding", "").equals("VALID") || !pool.string("data_format", "NHWC").equals("NHWC")) {
            return;
        }
        TfjsNode pad = paddedNchwInput(pool, byName, consumers, weights, "PadV2");
        if (pad == null) {
            return;
        }
        long[] p = constant(pad.inputs().get(1), weights);
        TfjsTensor value = weights.get(TfjsNode.producer(pad.inputs().get(2)));
        boolean minusInfinity = value != null && value.floats() != null && value.floats().length == 1
                && value.floats()[0] <= -1e30f;
        if (!minusInfinity || p == null || p.length != 8 || p[0] != 0 || p[1] != 0 || p[2] != 0 || p[3] != 0) {
            return;
        }
        ObjectNode attributes = copy(pool);
        attributes.set("sparsight_pads", ints(p[4], p[5], p[6], p[7]));
        replaced.put(pool.name(), new TfjsNode(pool.name(), NCHW_MAX_POOL, List.of(pad.inputs().get(0)), attributes));
    }

    /**
     * The {@code padOp} node behind {@code node}'s input when that input is a transpose from NCHW to NHWC of it, each
     * used by nothing else; else null.
     */
    private static TfjsNode paddedNchwInput(TfjsNode node, Map<String, TfjsNode> byName,
            Map<String, List<TfjsNode>> consumers, Map<String, TfjsTensor> weights, String padOp) {
        TfjsNode transpose = byName.get(TfjsNode.producer(node.inputs().get(0)));
        if (transpose == null || !transpose.op().equals("Transpose") || consumers.get(transpose.name()).size() != 1
                || !Arrays.equals(constant(transpose.inputs().get(1), weights), TO_NHWC)) {
            return null;
        }
        TfjsNode pad = byName.get(TfjsNode.producer(transpose.inputs().get(0)));
        if (pad == null || !pad.op().equals(padOp) || consumers.get(pad.name()).size() != 1) {
            return null;
        }
        return pad;
    }

    private static boolean isBiasAdd(TfjsNode node, String input, Map<String, TfjsTensor> weights) {
        if (!(node.op().equals("Add") || node.op().equals("AddV2") || node.op().equals("BiasAdd"))
                || node.inputs().size() != 2 || !node.inputs().get(0).equals(input)) {
            return false;
        }
        TfjsTensor bias = weights.get(TfjsNode.producer(node.inputs().get(1)));
        return bias != null && bias.floats() != null && bias.shape().length == 1;
    }

    /** An integer constant's values, or null when the input is not one. */
    private static long[] constant(String input, Map<String, TfjsTensor> weights) {
        TfjsTensor t = weights.get(TfjsNode.producer(input));
        if (t == null || t.ints() == null) {
            return null;
        }
        return Arrays.stream(t.ints()).asLongStream().toArray();
    }

    private static ObjectNode copy(TfjsNode node) {
        return node.attributes() instanceof ObjectNode attributes ? attributes.deepCopy()
                : JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode ints(long... values) {
        ObjectNode attribute = JsonNodeFactory.instance.objectNode();
        ArrayNode list = attribute.putObject("list").putArray("i");
        for (long v : values) {
            list.add(Long.toString(v));
        }
        return attribute;
    }
}
