package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.Random;

/**
 * The few-step deterministic sampler of {@link VideoDitBlock} (flow matching, rectified flow): a target frame at time
 * t is {@code (1 - t) * frame + t * noise}, the network predicts the velocity {@code noise - frame}, and sampling
 * walks from pure noise at t = 1 to t = 0 in {@code steps} equal Euler steps. The noise comes from a seeded
 * {@link Random}, so the same seed, inputs and weights give the same frames on any engine thread count.
 */
public final class FlowSampler {

    private final int steps;

    public FlowSampler(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a sampler takes at least one step, got " + steps);
        }
        this.steps = steps;
    }

    public int steps() {
        return steps;
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
            NDArray velocity = network.forward(store, new NDList(condition, x, time, tasks), false).singletonOrThrow();
            x = x.sub(velocity.mul(dt));
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
}
