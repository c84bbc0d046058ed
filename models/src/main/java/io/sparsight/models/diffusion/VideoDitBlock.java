package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small video diffusion transformer (after Sparse-vDiT's base, DiT): grey frames at the analysis size are cut into
 * {@code patch x patch} patches; the {@code condition} frames (the camera's last ones, clean) and the {@code target}
 * frames (noised) are one token sequence over space and time with a learned position per token; every layer is
 * adaptive-layer-norm conditioned on the diffusion time (adaLN-Zero: shift, scale and a gate per sub-block, the gates
 * starting at zero) and runs {@link PatternedAttention}, each head on the pattern the search chose for it, then an
 * MLP. The output is the flow-matching velocity of the target frames, or the target frames themselves (the model's
 * {@link FlowSampler.NetworkOutput}).
 *
 * <p>One network does both {@link DiffusionTask}s: a learned vector per task and frame slot is added to the slot's
 * tokens (for repair the last condition slots hold frames after the gap, not before it), and a learned vector per
 * task joins the time in the adaLN conditioning.
 *
 * <p>Inputs: {@code condition (B, M, H, W)}, {@code noisy targets (B, K, H, W)}, both in [-1, 1], the time
 * {@code t (B)} in [0, 1] (1: pure noise) and, optionally, the task {@code (B)} (the {@link DiffusionTask} ordinal,
 * predict when absent). Output: the velocity {@code (B, K, H, W)}.
 */
public final class VideoDitBlock extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int TIME_FEATURES = 64;

    /** The network's shape; the attention pattern of every layer and head is the plan's. */
    public record Hyperparameters(int width, int height, int patch, int conditionFrames, int targetFrames, int dim,
            int heads, int layers) {

        public Hyperparameters {
            if (width % patch != 0 || height % patch != 0) {
                throw new IllegalArgumentException("the size " + width + "x" + height + " must be a multiple of the patch "
                        + patch);
            }
            if (dim % heads != 0) {
                throw new IllegalArgumentException("width " + dim + " must split evenly into " + heads + " heads");
            }
        }

        public int frames() {
            return conditionFrames + targetFrames;
        }

        public int patchesPerFrame() {
            return (width / patch) * (height / patch);
        }

        public int tokens() {
            return frames() * patchesPerFrame();
        }
    }

    private final Hyperparameters hp;
    private final Linear patchIn;
    private final Linear timeHidden;
    private final Linear timeOut;
    private final List<Layer> layers = new ArrayList<>();
    private final Linear finalModulation;
    private final Linear patchOut;
    private final Parameter positions;
    private final Parameter taskSlots;
    private final Parameter taskEmbedding;

    /** @param plan the attention pattern of every layer's heads: {@code plan[layer][head]} */
    public VideoDitBlock(Hyperparameters hp, AttentionPattern[][] plan) {
        super(VERSION);
        if (plan.length != hp.layers() || Arrays.stream(plan).anyMatch(l -> l.length != hp.heads())) {
            throw new IllegalArgumentException("the plan must give " + hp.heads() + " head patterns for each of "
                    + hp.layers() + " layers");
        }
        this.hp = hp;
        int pixels = hp.patch() * hp.patch();
        patchIn = addChildBlock("patchIn", Linear.builder().setUnits(hp.dim()).build());
        timeHidden = addChildBlock("timeHidden", Linear.builder().setUnits(hp.dim()).build());
        timeOut = addChildBlock("timeOut", Linear.builder().setUnits(hp.dim()).build());
        for (int i = 0; i < hp.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new Layer(hp, plan[i])));
        }
        finalModulation = addChildBlock("finalModulation", Linear.builder().setUnits(2L * hp.dim()).build());
        finalModulation.setInitializer(new ConstantInitializer(0), Parameter.Type.WEIGHT);
        patchOut = addChildBlock("patchOut", Linear.builder().setUnits(pixels).build());
        patchOut.setInitializer(new ConstantInitializer(0), Parameter.Type.WEIGHT);
        positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.OTHER)
                .optShape(new Shape(hp.tokens(), hp.dim())).optInitializer(new NormalInitializer(0.02f)).build());
        int tasks = DiffusionTask.values().length;
        taskSlots = addParameter(Parameter.builder().setName("taskSlots").setType(Parameter.Type.OTHER)
                .optShape(new Shape(tasks, hp.frames(), hp.dim())).optInitializer(new NormalInitializer(0.02f)).build());
        taskEmbedding = addParameter(Parameter.builder().setName("taskEmbedding").setType(Parameter.Type.OTHER)
                .optShape(new Shape(tasks, hp.dim())).optInitializer(new NormalInitializer(0.02f)).build());
    }

    /** The network running a searched plan ({@link AttentionPlan}, from the model folder). */
    public VideoDitBlock(Hyperparameters hp, AttentionPlan plan) {
        this(hp, plan.patterns());
    }

    /** An all-dense network: what the search starts from. */
    public static VideoDitBlock dense(Hyperparameters hp) {
        return new VideoDitBlock(hp, AttentionPlan.dense(hp.layers(), hp.heads()));
    }

    public Hyperparameters hyperparameters() {
        return hp;
    }

    /** Gives every layer's attention a probe (null: none), e.g. {@link AttentionErrors#probe} for the search. */
    public void setProbes(java.util.function.IntFunction<PatternedAttention.Probe> probeOfLayer) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).attention.setProbe(probeOfLayer == null ? null : probeOfLayer.apply(i));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray condition = inputs.get(0);
        NDArray noisy = inputs.get(1);
        NDArray t = inputs.get(2);
        long b = condition.getShape().get(0);
        NDArray task = inputs.size() > 3 ? inputs.get(3).toType(DataType.INT64, false)
                : condition.getManager().zeros(new Shape(b), DataType.INT64);
        NDArray frames = NDArrays.concat(new NDList(condition, noisy), 1);                 // (B, T, H, W)
        NDArray slots = store.getValue(taskSlots, frames.getDevice(), training).get(task);  // (B, T, d)
        NDArray tokens = patchIn.forward(store, new NDList(patchify(frames)), training).singletonOrThrow()
                .add(store.getValue(positions, frames.getDevice(), training))
                .reshape(b, hp.frames(), hp.patchesPerFrame(), hp.dim()).add(slots.expandDims(2))
                .reshape(b, hp.tokens(), hp.dim());                                          // (B, N, d)
        NDArray c = timeOut.forward(store, new NDList(silu(timeHidden.forward(store,
                new NDList(timeFeatures(t)), training).singletonOrThrow())), training).singletonOrThrow()
                .add(store.getValue(taskEmbedding, frames.getDevice(), training).get(task)); // (B, d)
        for (Layer layer : layers) {
            tokens = layer.forward(store, new NDList(tokens, c), training).singletonOrThrow();
        }
        NDArray modulation = finalModulation.forward(store, new NDList(silu(c)), training)
                .singletonOrThrow().reshape(b, 2, 1, hp.dim());
        NDArray shaped = modulate(normalized(tokens), modulation.get(":, 0"), modulation.get(":, 1"));
        long conditionTokens = (long) hp.conditionFrames() * hp.patchesPerFrame();
        NDArray targets = shaped.get(":, " + conditionTokens + ":");                      // (B, K*P, d)
        NDArray pixels = patchOut.forward(store, new NDList(targets), training).singletonOrThrow();
        return new NDList(unpatchify(pixels, b, hp.targetFrames()));
    }

    /** {@code (B, T, H, W)} to {@code (B, T*P, patch*patch)}, frame by frame, patches in row order. */
    NDArray patchify(NDArray frames) {
        Shape s = frames.getShape();
        long b = s.get(0);
        long t = s.get(1);
        int p = hp.patch();
        long rows = hp.height() / p;
        long cols = hp.width() / p;
        return frames.reshape(b, t, rows, p, cols, p).transpose(0, 1, 2, 4, 3, 5).reshape(b, t * rows * cols, (long) p * p);
    }

    /** The inverse of {@link #patchify} for {@code frames} frames. */
    NDArray unpatchify(NDArray patches, long b, long frames) {
        int p = hp.patch();
        long rows = hp.height() / p;
        long cols = hp.width() / p;
        return patches.reshape(b, frames, rows, cols, p, p).transpose(0, 1, 2, 4, 3, 5)
                .reshape(b, frames, hp.height(), hp.width());
    }

    /** Sinusoidal features of the time, {@code (B)} to {@code (B, 64)}. */
    static NDArray timeFeatures(NDArray t) {
        NDManager manager = t.getManager();
        int half = TIME_FEATURES / 2;
        NDArray frequencies = manager.arange(0, half, 1, DataType.FLOAT32).mul(-Math.log(10_000.0) / half).exp();
        NDArray angles = t.toType(DataType.FLOAT32, false).mul(1000).expandDims(1).mul(frequencies.expandDims(0));
        return NDArrays.concat(new NDList(angles.sin(), angles.cos()), 1);
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Layer norm over the last axis without its own scale and shift (adaLN supplies them). */
    static NDArray normalized(NDArray x) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(1e-6f).sqrt());
    }

    /** {@code x * (1 + scale) + shift}, shift and scale {@code (B, 1, d)}. */
    static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return x.mul(scale.add(1)).add(shift);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long b = inputShapes[0].get(0);
        int pixels = hp.patch() * hp.patch();
        patchIn.initialize(manager, dataType, new Shape(b, hp.tokens(), pixels));
        timeHidden.initialize(manager, dataType, new Shape(b, TIME_FEATURES));
        timeOut.initialize(manager, dataType, new Shape(b, hp.dim()));
        Shape tokens = new Shape(b, hp.tokens(), hp.dim());
        Shape c = new Shape(b, hp.dim());
        for (Layer layer : layers) {
            layer.initialize(manager, dataType, tokens, c);
        }
        finalModulation.initialize(manager, dataType, c);
        patchOut.initialize(manager, dataType, tokens);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), hp.targetFrames(), hp.height(), hp.width())};
    }

    /** One DiT layer: adaLN-Zero around patterned attention and an MLP. Inputs: tokens {@code (B, N, d)}, c {@code (B, d)}. */
    static final class Layer extends AbstractBlock {

        private final int dim;
        private final Linear modulation;
        private final PatternedAttention attention;
        private final Linear mlpIn;
        private final Linear mlpOut;

        Layer(Hyperparameters hp, AttentionPattern[] headPatterns) {
            super(VERSION);
            this.dim = hp.dim();
            modulation = addChildBlock("modulation", Linear.builder().setUnits(6L * dim).build());
            modulation.setInitializer(new ConstantInitializer(0), Parameter.Type.WEIGHT);
            attention = addChildBlock("attention",
                    new PatternedAttention(dim, hp.frames(), hp.patchesPerFrame(), headPatterns));
            mlpIn = addChildBlock("mlpIn", Linear.builder().setUnits(4L * dim).build());
            mlpOut = addChildBlock("mlpOut", Linear.builder().setUnits(dim).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            NDArray c = inputs.get(1);
            long b = x.getShape().get(0);
            NDArray m = modulation.forward(store, new NDList(silu(c)), training).singletonOrThrow()
                    .reshape(b, 6, 1, dim);
            NDArray attended = attention.forward(store,
                    new NDList(modulate(normalized(x), m.get(":, 0"), m.get(":, 1"))), training).singletonOrThrow();
            x = x.add(attended.mul(m.get(":, 2")));
            NDArray hidden = Activation.gelu(mlpIn.forward(store,
                    new NDList(modulate(normalized(x), m.get(":, 3"), m.get(":, 4"))), training).singletonOrThrow());
            NDArray mlp = mlpOut.forward(store, new NDList(hidden), training).singletonOrThrow();
            return new NDList(x.add(mlp.mul(m.get(":, 5"))));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            modulation.initialize(manager, dataType, inputShapes[1]);
            attention.initialize(manager, dataType, inputShapes[0]);
            mlpIn.initialize(manager, dataType, inputShapes[0]);
            mlpOut.initialize(manager, dataType, inputShapes[0].slice(0, 2).add(4L * dim));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }
}
