package io.sparsight.models.anomaly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The Sparse Feature Filtering Module (SFFM) of MemoryOut: a mixture of bottleneck experts applied at every position
 * of a feature map. A router scores E routed experts and keeps the top k (softmax, renormalised over the kept ones);
 * one shared expert is always on; each expert is {@code LayerNorm -> Linear(d->b) -> SiLU -> Linear(b->d)} with b
 * much smaller than d; the weighted sum is added back to the input.
 *
 * <p>Input {@code (B, d, H, W)}. Output {@code [features (B, d, H, W), load-balancing loss ()]}: the auxiliary loss
 * {@code E * sum_e f_e * P_e} (f_e the fraction of routed slots that went to expert e, P_e its mean router
 * probability) is 1 when the load is even and grows when a few experts take everything.
 *
 * <p>Implementation: per-position linear maps are 1x1 convolutions, so the feature map is never reshaped into
 * tokens. The per-expert LayerNorm scale and shift fold into each expert's down projection, so one parameter-free
 * normalisation over channels feeds one wide 1x1 convolution {@code d -> (E+1)*b} (every expert's down projection,
 * the shared one last). The up projections are linear, so the gates scale each expert's hidden units and one 1x1
 * convolution {@code (E+1)*b -> d} (plus {@code E -> d} for the routed experts' biases) does every up projection at
 * once, never building the E per-expert outputs of width d.
 */
public final class SparseFilteringBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    /** Keeps the normalisation's gradient bounded where a position's features are (nearly) constant, e.g. after ReLU. */
    private static final float NORM_EPSILON = 1e-3f;

    private final int dim;
    private final int experts;
    private final int topK;
    private final int bottleneck;
    private final Conv2d router;
    private final Conv2d down;
    private final Conv2d up;
    private final Conv2d routedBias;

    public SparseFilteringBlock(int dim, int experts, int topK, int bottleneck) {
        super(VERSION);
        if (topK < 1 || topK > experts || bottleneck < 1 || dim < 1) {
            throw new IllegalArgumentException("SFFM needs 1 <= topK <= experts and positive sizes; got dim=" + dim
                    + " experts=" + experts + " topK=" + topK + " bottleneck=" + bottleneck);
        }
        this.dim = dim;
        this.experts = experts;
        this.topK = topK;
        this.bottleneck = bottleneck;
        router = addChildBlock("router", pointwise(experts, true));
        down = addChildBlock("down", pointwise((experts + 1) * bottleneck, true));
        up = addChildBlock("up", pointwise(dim, true));
        routedBias = addChildBlock("routedBias", pointwise(dim, false));
    }

    private static Conv2d pointwise(int filters, boolean bias) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).optBias(bias).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();                                   // (B, d, H, W)
        Shape s = x.getShape();
        NDArray normed = normalize(x);

        NDArray probs = apply(router, store, normed, training).softmax(1);       // (B, E, H, W)
        NDArray gates = topKGates(probs, topK);

        // Every expert's down projection (the E routed ones and the shared one) in one 1x1 convolution. The up
        // projections are linear, so sum_e g_e (W_e h_e + c_e) + W_s h_s + c_s = W (g' . h) + C g + c_s with g' the
        // gates followed by a 1 for the shared expert: the gates scale each expert's hidden units and one 1x1
        // convolution does every up projection at once, never building E per-expert outputs of width d.
        long b = s.get(0);
        NDArray hidden = silu(apply(down, store, normed, training));             // (B, (E+1)*b, H, W)
        NDArray withShared = NDArrays.concat(new NDList(gates, gates.getManager().ones(new Shape(b, 1, s.get(2), s.get(3)))), 1);
        NDArray gatedHidden = hidden.reshape(b, experts + 1, bottleneck, s.get(2), s.get(3))
                .mul(withShared.expandDims(2))
                .reshape(b, (long) (experts + 1) * bottleneck, s.get(2), s.get(3));
        NDArray filtered = apply(up, store, gatedHidden, training).add(apply(routedBias, store, gates, training));

        NDArray routedSlots = gates.stopGradient().gt(0).toType(DataType.FLOAT32, true);
        NDArray fraction = perExpertMean(routedSlots).div(topK);                 // f_e
        NDArray meanProb = perExpertMean(probs);                                  // P_e
        NDArray balance = fraction.mul(meanProb).sum().mul(experts);
        return new NDList(x.add(filtered), balance);
    }

    /** Mean over batch and positions of a {@code (B, E, H, W)} array: {@code (E)} (one axis at a time for PyTorch). */
    private static NDArray perExpertMean(NDArray x) {
        return x.mean(new int[] {3}).mean(new int[] {2}).mean(new int[] {0});
    }

    private static NDArray apply(Conv2d conv, ParameterStore store, NDArray x, boolean training) {
        return conv.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Router probabilities {@code (B, E, ...)} with all but the top k experts of each position zeroed, renormalised
     * to sum to 1. Which experts are kept is a choice made on a detached copy, not a function to differentiate.
     */
    static NDArray topKGates(NDArray probs, int k) {
        long experts = probs.getShape().get(1);
        NDArray routing = probs.stopGradient();
        NDArray kth = routing.sort(1).get(":, " + (experts - k) + ":" + (experts - k + 1));  // k-th largest, kept dim
        NDArray kept = probs.mul(routing.gte(kth).toType(probs.getDataType(), true));
        return kept.div(kept.sum(new int[] {1}, true));
    }

    /**
     * Normalisation over channels without affine parameters (the experts' and the router's affine maps follow,
     * and a per-expert scale and shift fold into them).
     */
    static NDArray normalize(NDArray x) {
        NDArray centered = x.sub(x.mean(new int[] {1}, true));
        NDArray variance = centered.square().mean(new int[] {1}, true);
        return centered.div(variance.add(NORM_EPSILON).sqrt());
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        router.initialize(manager, dataType, in);
        down.initialize(manager, dataType, in);
        up.initialize(manager, dataType, new Shape(in.get(0), (long) (experts + 1) * bottleneck, in.get(2), in.get(3)));
        routedBias.initialize(manager, dataType, new Shape(in.get(0), experts, in.get(2), in.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], new Shape()};
    }

    public int experts() {
        return experts;
    }

    public int topK() {
        return topK;
    }
}
