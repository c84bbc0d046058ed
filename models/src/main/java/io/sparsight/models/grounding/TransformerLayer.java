package io.sparsight.models.grounding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer encoder layer over tokens {@code (B, T, d)}: {@code x + attention(norm(x))}, then
 * {@code x + mlp(norm(x))}, with {@code heads} attention heads and an MLP of width 4d (GELU). Written out here (layer
 * norm over the last axis, scaled dot-product attention as matrix products) so every operation is one PyTorch
 * supports directly.
 */
final class TransformerLayer extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float NORM_EPSILON = 1e-5f;

    private final int dim;
    private final int heads;
    private final Linear qkv;
    private final Linear out;
    private final Linear up;
    private final Linear down;
    private final Parameter norm1Scale;
    private final Parameter norm1Shift;
    private final Parameter norm2Scale;
    private final Parameter norm2Shift;

    TransformerLayer(int dim, int heads) {
        super(VERSION);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("model width " + dim + " must be divisible by the " + heads + " heads");
        }
        this.dim = dim;
        this.heads = heads;
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        out = addChildBlock("out", Linear.builder().setUnits(dim).build());
        up = addChildBlock("up", Linear.builder().setUnits(4L * dim).build());
        down = addChildBlock("down", Linear.builder().setUnits(dim).build());
        norm1Scale = addParameter(normParameter("norm1Scale", 1));
        norm1Shift = addParameter(normParameter("norm1Shift", 0));
        norm2Scale = addParameter(normParameter("norm2Scale", 1));
        norm2Shift = addParameter(normParameter("norm2Shift", 0));
    }

    private Parameter normParameter(String name, float value) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(dim))
                .optInitializer(new ConstantInitializer(value)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                         // (B, T, d)
        NDArray normed = layerNorm(x, store.getValue(norm1Scale, x.getDevice(), training),
                store.getValue(norm1Shift, x.getDevice(), training));
        x = x.add(attention(store, normed, training));
        NDArray normed2 = layerNorm(x, store.getValue(norm2Scale, x.getDevice(), training),
                store.getValue(norm2Shift, x.getDevice(), training));
        NDArray hidden = Activation.gelu(apply(up, store, normed2, training));
        return new NDList(x.add(apply(down, store, hidden, training)));
    }

    private NDArray attention(ParameterStore store, NDArray x, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long headDim = dim / heads;
        NDArray projected = apply(qkv, store, x, training).reshape(b, t, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4);                                              // (3, B, H, T, dh)
        NDArray q = projected.get(0);
        NDArray k = projected.get(1);
        NDArray v = projected.get(2);
        NDArray weights = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headDim)).softmax(-1);
        NDArray mixed = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dim);    // (B, T, d)
        return apply(out, store, mixed, training);
    }

    static NDArray layerNorm(NDArray x, NDArray scale, NDArray shift) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centered.square().mean(new int[] {-1}, true);
        return centered.div(variance.add(NORM_EPSILON).sqrt()).mul(scale).add(shift);
    }

    private static NDArray apply(Linear linear, ParameterStore store, NDArray x, boolean training) {
        return linear.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        qkv.initialize(manager, dataType, in);
        out.initialize(manager, dataType, in);
        up.initialize(manager, dataType, in);
        down.initialize(manager, dataType, new Shape(in.get(0), in.get(1), 4L * dim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
