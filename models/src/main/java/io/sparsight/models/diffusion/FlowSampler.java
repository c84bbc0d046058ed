package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.Locale;
import java.util.Random;

/**
 * The few-step deterministic sampler of {@link VideoDitBlock} (flow matching, rectified flow): a target x at time
 * t is {@code (1 - t) * x + t * noise}, the network predicts the velocity {@code noise - x} (or x itself, {@link
 * NetworkOutput#TARGETS}, whose velocity at {@code x_t} is {@code (x_t - x) / t}), and sampling walks from pure noise
 * at t = 1 to t = 0 in {@code steps} equal Euler steps. The noise comes from a seeded
 * {@link Random}, so the same seed, inputs and weights give the same frames on any engine thread count.
 *
 * <p>What x is: the target frames themselves ({@code residualScale} 0), or their difference from the reference
 * frame (the last clean frame before them in time, {@link #referenceSlot}) divided by {@code residualScale}. A camera's
 * next frames are mostly its last one, so on residuals the static background costs the network nothing and its
 * error reaches the frames scaled down by {@code residualScale}. The sampler returns frames either way.
 */
public final class FlowSampler {

    /**
     * What the network outputs: the flow's velocity, or the targets themselves (x-prediction). With targets, a
     * network that outputs 0 on residuals predicts "nothing changes" instead of returning its noise, and one step
     * from t = 1 gives its output as it is; with velocity, it has to reproduce the noise to get the targets back.
     */
    public enum NetworkOutput {
        VELOCITY, TARGETS;

        /** The name in model.json. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The output of a model.json value; {@code null} (a model from before the choice) is velocity. */
        public static NetworkOutput of(Object key) {
            if (key == null) {
                return VELOCITY;
            }
            for (NetworkOutput output : values()) {
                if (output.key().equals(key)) {
                    return output;
                }
            }
            throw new IllegalArgumentException("a network output is 'velocity' or 'targets', got '" + key + "'");
        }
    }

    private final int steps;
    private final float residualScale;
    private final NetworkOutput output;

    public FlowSampler(int steps) {
        this(steps, 0);
    }

    /** A sampler of a network that outputs the velocity. */
    public FlowSampler(int steps, float residualScale) {
        this(steps, residualScale, NetworkOutput.VELOCITY);
    }

    /**
     * @param residualScale 0: the flow runs on the frames; else on their residuals from the reference, divided by it
     * @param output what the network outputs
     */
    public FlowSampler(int steps, float residualScale, NetworkOutput output) {
        if (steps < 1) {
            throw new IllegalArgumentException("a sampler takes at least one step, got " + steps);
        }
        if (residualScale < 0) {
            throw new IllegalArgumentException("the residual scale is 0 (none) or positive, got " + residualScale);
        }
        this.steps = steps;
        this.residualScale = residualScale;
        this.output = output;
    }

    /** This sampler with {@code count} steps. */
    public FlowSampler withSteps(int count) {
        return count == steps ? this : new FlowSampler(count, residualScale, output);
    }

    public NetworkOutput output() {
        return output;
    }

    public int steps() {
        return steps;
    }

    public float residualScale() {
        return residualScale;
    }

    /**
     * The condition slot holding the reference frame of {@code task}: the last frame before the targets in time (the
     * last past frame for prediction, the last frame before the gap for repair; see {@link DiffusionTask#frameOrder}).
     */
    public static int referenceSlot(DiffusionTask task, VideoDitBlock.Hyperparameters hp) {
        return task == DiffusionTask.PREDICT ? hp.conditionFrames() - 1 : hp.conditionFrames() - hp.targetFrames() - 1;
    }

    /** What the flow runs on for {@code frames (B, K, H, W)} with {@code reference (B, 1, H, W)}. */
    public static NDArray flowTargets(NDArray frames, NDArray reference, float residualScale) {
        return residualScale == 0 ? frames : frames.sub(reference).div(residualScale);
    }

    /** The next frames predicted from {@code condition (B, M, H, W)}, in [-1, 1] like it: {@code (B, K, H, W)}. */
    public NDArray sample(VideoDitBlock network, ParameterStore store, NDArray condition, long seed) {
        return sample(network, store, condition, DiffusionTask.PREDICT, seed);
    }

    /**
     * The target frames of {@code task} from {@code condition (B, M, H, W)} (for repair: the frames before the gap,
     * then those after it), in [-1, 1] like it: {@code (B, K, H, W)}; the whole batch's noise from one seed.
     */
    public NDArray sample(VideoDitBlock network, ParameterStore store, NDArray condition, DiffusionTask task,
            long seed) {
        VideoDitBlock.Hyperparameters hp = network.hyperparameters();
        long b = condition.getShape().get(0);
        return run(network, store, condition, task,
                noise(condition.getManager(), new Shape(b, hp.targetFrames(), hp.height(), hp.width()), seed));
    }

    /**
     * As {@link #sample(VideoDitBlock, ParameterStore, NDArray, DiffusionTask, long)} with a seed per batch item, so
     * that an item's frames do not depend on what else is in the batch.
     */
    public NDArray sample(VideoDitBlock network, ParameterStore store, NDArray condition, DiffusionTask task,
            long[] seeds) {
        VideoDitBlock.Hyperparameters hp = network.hyperparameters();
        if (seeds.length != condition.getShape().get(0)) {
            throw new IllegalArgumentException(seeds.length + " seeds for a batch of " + condition.getShape().get(0));
        }
        NDList noises = new NDList();
        for (long seed : seeds) {
            noises.add(noise(condition.getManager(), new Shape(1, hp.targetFrames(), hp.height(), hp.width()), seed));
        }
        return run(network, store, condition, task, NDArrays.concat(noises, 0));
    }

    private NDArray run(VideoDitBlock network, ParameterStore store, NDArray condition, DiffusionTask task, NDArray x) {
        long b = condition.getShape().get(0);
        NDManager manager = condition.getManager();
        NDArray tasks = manager.full(new Shape(b), task.ordinal());
        float dt = 1f / steps;
        for (int i = 0; i < steps; i++) {
            float t = 1f - i * dt;
            NDArray time = manager.full(new Shape(b), t);
            NDArray out = network.forward(store, new NDList(condition, x, time, tasks), false).singletonOrThrow();
            NDArray velocity = output == NetworkOutput.VELOCITY ? out : x.sub(out).div(t);
            x = x.sub(velocity.mul(dt));
        }
        if (residualScale > 0) {
            int slot = referenceSlot(task, network.hyperparameters());
            x = x.mul(residualScale).add(condition.get(":, " + slot + ":" + (slot + 1)));
        }
        return x.clip(-1f, 1f);
    }

    /** Standard normal noise of {@code shape} from a seeded generator. */
    public static NDArray noise(NDManager manager, Shape shape, long seed) {
        Random random = new Random(seed);
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, shape);
    }

    /**
     * A training example's noisy targets and the velocity the network should predict at time {@code t (B)}:
     * {@code {(1 - t) * frames + t * noise, noise - frames}}.
     */
    public static NDArray[] noised(NDArray frames, NDArray noise, NDArray t) {
        NDArray tt = t.reshape(t.getShape().get(0), 1, 1, 1);
        NDArray noisy = frames.mul(tt.neg().add(1)).add(noise.mul(tt));
        return new NDArray[] {noisy, noise.sub(frames)};
    }

    /**
     * What a network with {@code output} should output for the example {@code noised(frames, noise, t)}: its velocity,
     * or the frames themselves.
     */
    public static NDArray trainingTarget(NetworkOutput output, NDArray frames, NDArray[] example) {
        return output == NetworkOutput.VELOCITY ? example[1] : frames;
    }
}
