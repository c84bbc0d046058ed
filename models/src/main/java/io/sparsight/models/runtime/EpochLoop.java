package io.sparsight.models.runtime;

import ai.djl.Model;
import ai.djl.training.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The epochs of a trainer: every epoch the samples in an order drawn from the seed and the epoch number (so a resumed
 * run sees the order of an uninterrupted one), cut into batches, each batch one optimiser step, a stop on a loss that
 * is not finite, and a checkpoint ({@link TrainingCheckpoint}) after the epoch.
 */
public final class EpochLoop {

    /** One optimiser step on a batch; {@code random} is the epoch's generator, for anything else the step draws. */
    @FunctionalInterface
    public interface BatchStep<S> {
        float step(Trainer trainer, List<S> batch, Random random);
    }

    private EpochLoop() {}

    /**
     * Runs epochs {@code epochsDone + 1 .. epochs}.
     *
     * @param divergenceHint what to say after "training diverged", e.g. where to look
     */
    public static <S> void run(Model model, Trainer trainer, Path workDir, List<S> samples, int batchSize, int epochs,
            int epochsDone, long seed, BatchStep<S> step, TrainingListener listener, String divergenceHint)
            throws IOException {
        int stepsPerEpoch = samples.size() / batchSize;
        for (int epoch = epochsDone; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            List<S> order = new ArrayList<>(samples);
            Random random = new Random(seed * 1_000_003L + epoch);
            Collections.shuffle(order, random);
            double sum = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                float value = step.step(trainer, order.subList(s * batchSize, (s + 1) * batchSize), random);
                if (!Float.isFinite(value)) {
                    throw new IllegalStateException("training diverged: the loss is " + value + " at epoch "
                            + (epoch + 1) + " step " + (s + 1) + divergenceHint);
                }
                sum += value;
                listener.onStep(epoch + 1, s + 1, stepsPerEpoch, value);
            }
            TrainingCheckpoint.save(model, workDir, epoch + 1);
            listener.onEpoch(epoch + 1, (float) (sum / stepsPerEpoch), (System.nanoTime() - start) / 1e9);
        }
    }
}
