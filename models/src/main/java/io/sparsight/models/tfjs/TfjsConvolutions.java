package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

import java.util.List;
import java.util.Map;

/**
 * Convolutions and pooling. TensorFlow keeps images NHWC and filters HWIO (depthwise: HW, channels, multiplier);
 * PyTorch wants NCHW and OIHW, so each op transposes in and out. TensorFlow's SAME padding puts the odd pixel after,
 * which PyTorch's symmetric padding cannot say, so the padding is applied to the input first.
 */
final class TfjsConvolutions {

    private TfjsConvolutions() {}

    static void register(Map<String, TfjsKernel> kernels) {
        kernels.put("Conv2D", TfjsKernel.single((n, in) -> convolution(n, in, false)));
        kernels.put("DepthwiseConv2dNative", TfjsKernel.single((n, in) -> convolution(n, in, true)));
        kernels.put("_FusedConv2D", TfjsKernel.single((n, in) -> fused(n, in, convolution(n, in, false))));
        kernels.put("FusedDepthwiseConv2dNative", TfjsKernel.single((n, in) -> fused(n, in, convolution(n, in, true))));
        kernels.put("MaxPool", TfjsKernel.single(TfjsConvolutions::maxPool));
        kernels.put(TfjsFusion.NCHW_CONV, TfjsKernel.single(TfjsConvolutions::nchwConvolution));
        kernels.put(TfjsFusion.NCHW_MAX_POOL, TfjsKernel.single(TfjsConvolutions::nchwMaxPool));
        kernels.put("Pad", (n, in) -> new NDList(pad(in.get(0), TfjsKernel.longs(in.get(1)), 0)));
        kernels.put("PadV2", (n, in) -> new NDList(pad(in.get(0), TfjsKernel.longs(in.get(1)),
                in.get(2).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).getFloat())));
    }

    private static NDArray convolution(TfjsNode node, List<NDArray> in, boolean depthwise) {
        requireNhwc(node);
        NDArray x = in.get(0);
        NDArray filter = in.get(1);
        long[] strides = node.ints("strides");
        long[] dilations = node.has("dilations") ? node.ints("dilations") : new long[] {1, 1, 1, 1};
        long kh = filter.getShape().get(0);
        long kw = filter.getShape().get(1);
        x = samePadding(node, x, kh, kw, strides, dilations, 0);
        NDArray weight;
        int groups = 1;
        if (depthwise) {
            long channels = filter.getShape().get(2);
            long multiplier = filter.getShape().get(3);
            weight = filter.reshape(kh, kw, channels * multiplier).transpose(2, 0, 1).expandDims(1);
            groups = Math.toIntExact(channels);
        } else {
            weight = filter.transpose(3, 2, 0, 1);
        }
        NDArray nchw = x.transpose(0, 3, 1, 2);
        NDArray out = Conv2d.conv2d(nchw, weight, null, new Shape(strides[1], strides[2]), new Shape(0, 0),
                new Shape(dilations[1], dilations[2]), groups).singletonOrThrow();
        return out.transpose(0, 2, 3, 1);
    }

    /**
     * A convolution fused by {@link TfjsFusion}: the NCHW input, its symmetric zero padding and the bias in one call;
     * the result NHWC (a view) as the Conv2D it replaces gave.
     */
    private static NDArray nchwConvolution(TfjsNode node, List<NDArray> in) {
        long[] strides = node.ints("strides");
        long[] dilations = node.has("dilations") ? node.ints("dilations") : new long[] {1, 1, 1, 1};
        long[] pads = node.ints("sparsight_pads");
        NDArray weight = in.get(1).transpose(3, 2, 0, 1);
        NDArray bias = in.size() > 2 ? in.get(2) : null;
        NDArray out = Conv2d.conv2d(in.get(0), weight, bias, new Shape(strides[1], strides[2]),
                new Shape(pads[0], pads[1]), new Shape(dilations[1], dilations[2]), 1).singletonOrThrow();
        return out.transpose(0, 2, 3, 1);
    }

    /**
     * A max pool fused by {@link TfjsFusion}: the NCHW input padded with -inf ([top, bottom, left, right]), pooled as
     * the maximum of the window's strided views (one elementwise maximum per window position: on a CPU several times
     * faster than libtorch's own pool on a large early feature map, where NanoDet has its one pool).
     */
    private static NDArray nchwMaxPool(TfjsNode node, List<NDArray> in) {
        long[] size = node.ints("ksize");
        long[] strides = node.ints("strides");
        long[] pads = node.ints("sparsight_pads");
        NDArray x = pad(in.get(0), new long[] {0, 0, 0, 0, pads[0], pads[1], pads[2], pads[3]},
                Float.NEGATIVE_INFINITY);
        long rows = (x.getShape().get(2) - size[1]) / strides[1] + 1;
        long columns = (x.getShape().get(3) - size[2]) / strides[2] + 1;
        NDArray out = null;
        for (long i = 0; i < size[1]; i++) {
            for (long j = 0; j < size[2]; j++) {
                NDArray view = x.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", i, i + strides[1] * (rows - 1) + 1,
                        strides[1], j, j + strides[2] * (columns - 1) + 1, strides[2]));
                out = out == null ? view : out.maximum(view);
            }
        }
        return out.transpose(0, 2, 3, 1);
    }

    /** The ops a fused convolution applies after it: a bias add, then an activation. */
    private static NDArray fused(TfjsNode node, List<NDArray> in, NDArray convolved) {
        List<String> ops = node.strings("fused_ops");
        NDArray out = convolved;
        int arg = 2;
        for (String op : ops) {
            switch (op) {
                case "BiasAdd" -> out = out.add(in.get(arg++));
                case "Relu", "Relu6", "LeakyRelu", "Sigmoid" -> out = TfjsElementwise.activation(op, node, out);
                default -> throw new IllegalStateException("node " + node.name() + ": fused op " + op
                        + " is not supported (BiasAdd, Relu, Relu6, LeakyRelu, Sigmoid)");
            }
        }
        return out;
    }

    private static NDArray maxPool(TfjsNode node, List<NDArray> in) {
        requireNhwc(node);
        long[] size = node.ints("ksize");
        long[] strides = node.ints("strides");
        NDArray x = samePadding(node, in.get(0), size[1], size[2], strides, new long[] {1, 1, 1, 1},
                Float.NEGATIVE_INFINITY);
        NDArray out = Pool.maxPool2d(x.transpose(0, 3, 1, 2), new Shape(size[1], size[2]),
                new Shape(strides[1], strides[2]), new Shape(0, 0), false);
        return out.transpose(0, 2, 3, 1);
    }

    /** For SAME padding, pads height and width as TensorFlow does (the extra pixel after); VALID: as is. */
    private static NDArray samePadding(TfjsNode node, NDArray x, long kh, long kw, long[] strides, long[] dilations,
            float value) {
        String padding = node.string("padding", "VALID");
        if (padding.equals("VALID")) {
            return x;
        }
        if (!padding.equals("SAME")) {
            throw new IllegalStateException("node " + node.name() + ": padding " + padding + " is not supported");
        }
        long[] top = samePad(x.getShape().get(1), kh, strides[1], dilations[1]);
        long[] left = samePad(x.getShape().get(2), kw, strides[2], dilations[2]);
        return pad(x, new long[] {0, 0, top[0], top[1], left[0], left[1], 0, 0}, value);
    }

    /** TensorFlow's SAME padding of one dimension: {before, after}. */
    static long[] samePad(long size, long kernel, long stride, long dilation) {
        long effective = (kernel - 1) * dilation + 1;
        long out = (size + stride - 1) / stride;
        long total = Math.max((out - 1) * stride + effective - size, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /** Pads with TensorFlow's paddings (a {before, after} pair per dimension, first dimension first). */
    static NDArray pad(NDArray x, long[] paddings, float value) {
        int dims = x.getShape().dimension();
        long[] torchOrder = new long[2 * dims]; // PyTorch: the last dimension's pair first
        for (int d = 0; d < dims; d++) {
            torchOrder[2 * (dims - 1 - d)] = paddings[2 * d];
            torchOrder[2 * (dims - 1 - d) + 1] = paddings[2 * d + 1];
        }
        boolean none = true;
        for (long p : torchOrder) {
            none &= p == 0;
        }
        return none ? x : x.pad(new Shape(torchOrder), value);
    }

    private static void requireNhwc(TfjsNode node) {
        String format = node.string("data_format", "NHWC");
        if (!format.equals("NHWC")) {
            throw new IllegalStateException("node " + node.name() + ": data format " + format + " is not supported");
        }
    }
}
