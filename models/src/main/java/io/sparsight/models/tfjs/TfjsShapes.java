package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.Map;

/** Ops that move, select or resize: reshape, concat, slice, gather, transpose, split, top-k, mean, bilinear resize. */
final class TfjsShapes {

    private TfjsShapes() {}

    static void register(Map<String, TfjsKernel> kernels) {
        kernels.put("Reshape", TfjsKernel.single((n, in) -> reshape(in.get(0), TfjsKernel.longs(in.get(1)))));
        kernels.put("ExpandDims", TfjsKernel.single((n, in) -> in.get(0)
                .expandDims(axis(TfjsKernel.longs(in.get(1))[0], in.get(0).getShape().dimension() + 1))));
        kernels.put("Transpose", TfjsKernel.single((n, in) -> in.get(0).transpose(ints(TfjsKernel.longs(in.get(1))))));
        kernels.put("ConcatV2", TfjsKernel.single(TfjsShapes::concat));
        kernels.put("Mean", TfjsKernel.single(TfjsShapes::mean));
        kernels.put("SplitV", TfjsShapes::splitV);
        kernels.put("TopKV2", (n, in) -> topK(n, in));
        kernels.put("GatherV2", TfjsKernel.single(TfjsShapes::gather));
        kernels.put("StridedSlice", TfjsKernel.single(TfjsShapes::stridedSlice));
        kernels.put("ResizeBilinear", TfjsKernel.single(TfjsShapes::resizeBilinear));
        kernels.put("SparseToDense", TfjsKernel.single(TfjsShapes::sparseToDense));
        kernels.put("Sum", TfjsKernel.single((n, in) -> reduce(n, in, (x, axis) -> x.sum(new int[] {axis}, true))));
        kernels.put("Max", TfjsKernel.single((n, in) -> reduce(n, in, (x, axis) -> x.max(new int[] {axis}, true))));
        kernels.put("ArgMax", TfjsKernel.single((n, in) -> in.get(0)
                .argMax(axis(TfjsKernel.longs(in.get(1))[0], in.get(0).getShape().dimension()))
                .toType(DataType.INT32, false)));
        kernels.put("Shape", TfjsKernel.single((n, in) -> in.get(0).getManager()
                .create(toInts(in.get(0).getShape().getShape()))));
        kernels.put("Size", TfjsKernel.single((n, in) -> in.get(0).getManager().create((int) in.get(0).size())));
        kernels.put("Pack", TfjsKernel.single((n, in) -> NDArrays.stack(new NDList(in),
                axis(n.integer("axis", 0), in.get(0).getShape().dimension() + 1))));
        kernels.put("Unpack", (n, in) -> {
            NDArray x = in.get(0);
            int axis = axis(n.integer("axis", 0), x.getShape().dimension());
            NDList parts = x.split(x.getShape().get(axis), axis);
            NDList out = new NDList(parts.size());
            for (NDArray part : parts) {
                out.add(part.squeeze(axis));
            }
            return out;
        });
        kernels.put("Squeeze", TfjsKernel.single(TfjsShapes::squeeze));
        kernels.put("Tile", TfjsKernel.single((n, in) -> in.get(0).tile(TfjsKernel.longs(in.get(1)))));
        kernels.put("Range", TfjsKernel.single(TfjsShapes::range));
        kernels.put("Fill", TfjsKernel.single((n, in) -> in.get(1).broadcast(new Shape(TfjsKernel.longs(in.get(0))))
                .duplicate()));
        kernels.put("Split", (n, in) -> {
            NDArray x = in.get(1);
            int axis = axis(TfjsKernel.longs(in.get(0))[0], x.getShape().dimension());
            return x.split(n.integer("num_split", 1), axis);
        });
        kernels.put("GatherNd", TfjsKernel.single(TfjsShapes::gatherNd));
    }

    /** A reduction over the axes of input 1, one axis at a time, keeping them or not as {@code keep_dims} says. */
    private static NDArray reduce(TfjsNode node, List<NDArray> in,
            java.util.function.BiFunction<NDArray, Integer, NDArray> alongAxis) {
        NDArray x = in.get(0);
        int[] axes = axes(TfjsKernel.longs(in.get(1)), x.getShape().dimension());
        java.util.Arrays.sort(axes);
        for (int k = axes.length - 1; k >= 0; k--) {
            x = alongAxis.apply(x, axes[k]);
        }
        return node.bool("keep_dims", false) || axes.length == 0 ? x : x.squeeze(axes);
    }

    private static NDArray squeeze(TfjsNode node, List<NDArray> in) {
        NDArray x = in.get(0);
        long[] dims = node.ints("squeeze_dims");
        if (dims.length == 0) {
            return x.squeeze();
        }
        return x.squeeze(axes(dims, x.getShape().dimension()));
    }

    private static NDArray range(TfjsNode node, List<NDArray> in) {
        NDArray start = in.get(0);
        float from = start.toType(DataType.FLOAT32, false).getFloat();
        float to = in.get(1).toType(DataType.FLOAT32, false).getFloat();
        float step = in.get(2).toType(DataType.FLOAT32, false).getFloat();
        NDArray out = start.getManager().arange(from, to, step, DataType.FLOAT32);
        return start.getDataType() == DataType.FLOAT32 ? out : out.toType(start.getDataType(), false);
    }

    /**
     * GatherNd: each index vector (the last axis of the indices) picks a slice of the params by their first axes,
     * through one flat index into the params reshaped to [picked axes, rest].
     */
    private static NDArray gatherNd(TfjsNode node, List<NDArray> in) {
        NDArray params = in.get(0);
        NDArray indices = in.get(1).toType(DataType.INT64, false);
        long[] shape = params.getShape().getShape();
        long[] indexShape = indices.getShape().getShape();
        int depth = Math.toIntExact(indexShape[indexShape.length - 1]);
        long[] strides = new long[depth];
        long stride = 1;
        for (int d = depth - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        NDArray flat = indices.mul(params.getManager().create(strides)).sum(new int[] {indexShape.length - 1});
        long[] rest = java.util.Arrays.copyOfRange(shape, depth, shape.length);
        NDArray rows = params.reshape(stride, -1).get(flat.reshape(-1));
        long[] out = new long[indexShape.length - 1 + rest.length];
        System.arraycopy(indexShape, 0, out, 0, indexShape.length - 1);
        System.arraycopy(rest, 0, out, indexShape.length - 1, rest.length);
        return rows.reshape(new Shape(out));
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = Math.toIntExact(values[k]);
        }
        return out;
    }

    /**
     * Reshape, keeping a batch: graphs converted at batch 1 compute their reshapes' targets as constants with a
     * leading 1, so an input of B frames whose first axis is B reshapes to a target whose leading 1 becomes B (the
     * per-frame reshape, frame by frame). Any other reshape is TF's; so is that of a vector, whose one axis is not a
     * batch (MoveNet reshapes a range of 64 to [1, -1] to build a grid).
     */
    static NDArray reshape(NDArray x, long[] target) {
        long batch = x.getShape().dimension() > 1 ? x.getShape().get(0) : 1;
        if (batch > 1 && target.length > 0 && target[0] == 1) {
            long perFrame = 1;
            boolean inferred = false;
            for (int k = 1; k < target.length; k++) {
                inferred |= target[k] == -1;
                perFrame *= target[k] == -1 ? 1 : target[k];
            }
            if (inferred ? x.size() % (batch * perFrame) == 0 : x.size() == batch * perFrame) {
                long[] batched = target.clone();
                batched[0] = batch;
                return x.reshape(new Shape(batched));
            }
        }
        return x.reshape(new Shape(target));
    }

    private static int axis(long axis, int dims) {
        return Math.toIntExact(axis < 0 ? axis + dims : axis);
    }

    private static int[] axes(long[] axes, int dims) {
        int[] out = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            out[k] = axis(axes[k], dims);
        }
        return out;
    }

    private static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = Math.toIntExact(values[k]);
        }
        return out;
    }

    /** The mean over the given axes, one axis at a time (the PyTorch engine reduces one axis per call). */
    private static NDArray mean(TfjsNode node, List<NDArray> in) {
        return reduce(node, in, (x, axis) -> x.mean(new int[] {axis}, true));
    }

    private static NDArray concat(TfjsNode node, List<NDArray> in) {
        NDArray axisInput = in.get(in.size() - 1);
        int axis = axis(TfjsKernel.longs(axisInput)[0], in.get(0).getShape().dimension());
        return NDArrays.concat(new NDList(in.subList(0, in.size() - 1)), axis);
    }

    private static NDList splitV(TfjsNode node, List<NDArray> in) {
        NDArray x = in.get(0);
        long[] sizes = TfjsKernel.longs(in.get(1));
        int axis = axis(TfjsKernel.longs(in.get(2))[0], x.getShape().dimension());
        long total = x.getShape().get(axis);
        long known = 0;
        int unknown = -1;
        for (int k = 0; k < sizes.length; k++) {
            if (sizes[k] < 0) {
                unknown = k;
            } else {
                known += sizes[k];
            }
        }
        if (unknown >= 0) {
            sizes[unknown] = total - known;
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int k = 0; k < cuts.length; k++) {
            at += sizes[k];
            cuts[k] = at;
        }
        return x.split(cuts, axis);
    }

    private static NDList topK(TfjsNode node, List<NDArray> in) {
        int k = Math.toIntExact(TfjsKernel.longs(in.get(1))[0]);
        NDList result = in.get(0).topK(k, -1, true, true);
        return new NDList(result.get(0), result.get(1).toType(DataType.INT32, false));
    }

    /** TensorFlow's gather along an axis (batch_dims 0): params[..., indices, ...]. */
    private static NDArray gather(TfjsNode node, List<NDArray> in) {
        NDArray params = in.get(0);
        NDArray indices = in.get(1);
        int dims = params.getShape().dimension();
        int axis = axis(TfjsKernel.longs(in.get(2))[0], dims);
        if (node.integer("batch_dims", 0) != 0) {
            throw new IllegalStateException("node " + node.name() + ": GatherV2 with batch_dims is not supported");
        }
        long[] shape = params.getShape().getShape();
        NDArray flatIndices = indices.reshape(-1).toType(DataType.INT64, false);
        NDArray moved = params.swapAxes(0, axis);
        NDArray taken = moved.reshape(shape[axis], -1).get(flatIndices);
        long[] rest = moved.getShape().slice(1).getShape();
        long[] out = new long[1 + rest.length];
        out[0] = flatIndices.size();
        System.arraycopy(rest, 0, out, 1, rest.length);
        NDArray back = taken.reshape(out).swapAxes(0, axis);
        long[] indexShape = indices.getShape().getShape();
        long[] finalShape = new long[dims - 1 + indexShape.length];
        int p = 0;
        for (int d = 0; d < axis; d++) {
            finalShape[p++] = shape[d];
        }
        for (long s : indexShape) {
            finalShape[p++] = s;
        }
        for (int d = axis + 1; d < dims; d++) {
            finalShape[p++] = shape[d];
        }
        return back.reshape(finalShape);
    }

    /**
     * StridedSlice with begin, end and shrink masks and new axes (a new-axis position takes no input axis and puts a
     * 1 in the output); an ellipsis is not supported. Input axes beyond the spec are taken whole.
     */
    private static NDArray stridedSlice(TfjsNode node, List<NDArray> in) {
        NDArray x = in.get(0);
        long[] begin = TfjsKernel.longs(in.get(1));
        long[] end = TfjsKernel.longs(in.get(2));
        long[] strides = TfjsKernel.longs(in.get(3));
        long beginMask = node.integer("begin_mask", 0);
        long endMask = node.integer("end_mask", 0);
        long shrinkMask = node.integer("shrink_axis_mask", 0);
        long newAxisMask = node.integer("new_axis_mask", 0);
        if (node.integer("ellipsis_mask", 0) != 0) {
            throw new IllegalStateException("node " + node.name() + ": StridedSlice with an ellipsis is not supported");
        }
        StringBuilder index = new StringBuilder();
        List<Integer> newAxes = new java.util.ArrayList<>();
        int axis = 0;
        int outAxis = 0;
        for (int d = 0; d < begin.length; d++) {
            if ((newAxisMask >> d & 1) == 1) {
                newAxes.add(outAxis++);
                continue;
            }
            if (strides[d] <= 0) {
                throw new IllegalStateException("node " + node.name() + ": StridedSlice with stride " + strides[d]
                        + " is not supported");
            }
            long size = x.getShape().get(axis++);
            if (index.length() > 0) {
                index.append(',');
            }
            if ((shrinkMask >> d & 1) == 1) {
                index.append(begin[d] < 0 ? begin[d] + size : begin[d]);
                continue;
            }
            long b = (beginMask >> d & 1) == 1 ? 0 : clamp(begin[d] < 0 ? begin[d] + size : begin[d], size);
            long e = (endMask >> d & 1) == 1 ? size : clamp(end[d] < 0 ? end[d] + size : end[d], size);
            index.append(b).append(':').append(Math.max(b, e)).append(':').append(strides[d]);
            outAxis++;
        }
        NDArray out = index.length() == 0 ? x : x.get(new NDIndex(index.toString()));
        for (int position : newAxes) {
            out = out.expandDims(position);
        }
        return out;
    }

    /** A dense tensor of the default value with the given values at the given indices (small: built in Java). */
    private static NDArray sparseToDense(TfjsNode node, List<NDArray> in) {
        long[] indices = TfjsKernel.longs(in.get(0));
        long[] shape = TfjsKernel.longs(in.get(1));
        NDArray values = in.get(2);
        NDArray fallback = in.get(3);
        int rank = shape.length;
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        double[] dense = new double[Math.toIntExact(size)];
        java.util.Arrays.fill(dense, fallback.toType(DataType.FLOAT64, false).getDouble());
        double[] given = values.toType(DataType.FLOAT64, false).toDoubleArray();
        int count = rank == 0 ? 0 : indices.length / Math.max(1, rank);
        for (int k = 0; k < count; k++) {
            long flat = 0;
            for (int d = 0; d < rank; d++) {
                flat = flat * shape[d] + indices[k * rank + d];
            }
            dense[Math.toIntExact(flat)] = given.length == 1 ? given[0] : given[k];
        }
        return fallback.getManager().create(dense, new Shape(shape)).toType(values.getDataType(), false);
    }

    private static long clamp(long value, long size) {
        return Math.max(0, Math.min(value, size));
    }

    /**
     * Bilinear resize of an NHWC image as TensorFlow computes it, with its two flags: align_corners (the corner pixels
     * map onto each other) and half_pixel_centers (pixel centres at +0.5); neither is TensorFlow 1's legacy mapping.
     * Separable: one interpolation matrix per axis, applied as two matrix products.
     */
    private static NDArray resizeBilinear(TfjsNode node, List<NDArray> in) {
        NDArray x = in.get(0);
        long[] size = TfjsKernel.longs(in.get(1));
        boolean alignCorners = node.bool("align_corners", false);
        boolean halfPixel = node.bool("half_pixel_centers", false);
        long inH = x.getShape().get(1);
        long inW = x.getShape().get(2);
        NDArray rows = x.getManager().create(weights(inH, size[0], alignCorners, halfPixel), new Shape(size[0], inH));
        NDArray cols = x.getManager().create(weights(inW, size[1], alignCorners, halfPixel), new Shape(size[1], inW));
        NDArray nchw = x.transpose(0, 3, 1, 2);
        NDArray out = rows.matMul(nchw).matMul(cols.transpose());
        return out.transpose(0, 2, 3, 1);
    }

    /** The [out x in] matrix of bilinear weights along one axis. */
    static float[] weights(long in, long out, boolean alignCorners, boolean halfPixel) {
        float[] w = new float[Math.toIntExact(out * in)];
        double scale = alignCorners && out > 1 ? (in - 1) / (double) (out - 1) : in / (double) out;
        for (int o = 0; o < out; o++) {
            double source = halfPixel ? (o + 0.5) * scale - 0.5 : o * scale;
            source = Math.max(0, source);
            long low = Math.min((long) Math.floor(source), in - 1);
            long high = Math.min(low + 1, in - 1);
            double frac = source - low;
            w[Math.toIntExact(o * in + low)] += (float) (1 - frac);
            w[Math.toIntExact(o * in + high)] += (float) frac;
        }
        return w;
    }
}
