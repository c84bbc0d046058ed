package io.sparsight.models.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.List;

/** How one TF.js (TensorFlow) op computes its outputs from its inputs, on NHWC tensors as TensorFlow lays them out. */
@FunctionalInterface
interface TfjsKernel {

    NDList apply(TfjsNode node, List<NDArray> inputs);

    /** A kernel with one output. */
    static TfjsKernel single(java.util.function.BiFunction<TfjsNode, List<NDArray>, NDArray> f) {
        return (node, inputs) -> new NDList(f.apply(node, inputs));
    }

    /** An integer input (a shape, axes, sizes) as Java longs. */
    static long[] longs(NDArray array) {
        return array.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
    }
}
