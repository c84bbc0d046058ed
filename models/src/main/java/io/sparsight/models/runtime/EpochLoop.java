package io.sparsight.models.runtime;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The epochs of a trainer: every epoch the samples in an order drawn from the seed and the epoch number (so a resumed
 * run sees the order of an uninterrupted one), cut into batches, each batch one optimiser step, a stop on a loss that
 * is not finite, and a checkpoint ({@link TrainingCheckpoint}) after the epoch, and optionally every so many steps
 * inside it. A run resumed inside an epoch goes on with that epoch's next batch; a step that draws random numbers
 * should then take them from its own {@link #stepRandom} (the epoch's generator has been drawn from by the steps
 * before, which a resumed run did not take).
 */
public final class EpochLoop {

    /** Skipped steps one after the other that count as a diverged run. */
    public static final int MAX_SKIPPED_IN_A_ROW = 10;

    /**
     * One optimiser step on a batch (through {@link FiniteSteps#step}, returning {@link Float#NaN} when skipped);
     * {@code random} is the epoch's generator, for anything else the step draws; {@code epoch} and {@code step}
     * count from 0.
     */
    @FunctionalInterface
    public interface BatchStep<S> {
        float step(Trainer trainer, List<S> batch, Random random, int epoch, int step);
    }

    private EpochLoop() {}

    /**
     * The training configuration both trainers use: Adam whose learning rate decays from {@code learningRate} on a
     * cosine over {@code totalSteps}, continuing at {@code stepsDone}, on the chosen device.
     */
    public static DefaultTrainingConfig adamCosine(float learningRate, int totalSteps, int stepsDone) {
        return new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(
                        TrainingCheckpoint.cosine(learningRate, totalSteps, stepsDone)).build())
                .optDevices(new Device[] {Devices.chosen()});
    }

    /** A generator of its own for step {@code step} (0-based) of epoch {@code epoch}: the same in a resumed run. */
    public static Random stepRandom(long seed, int epoch, int step) {
        return new Random((seed * 1_000_003L + epoch) * 1_000_033L + step);
    }

    /**
     * Runs epochs {@code epochsDone + 1 .. epochs}, checkpointing after each.
     *
     * @param divergenceHint what to say after "training diverged", e.g. where to look
     */
    public static <S> void run(Model model, Trainer trainer, Path workDir, List<S> samples, int batchSize, int epochs,
            int epochsDone, long seed, BatchStep<S> step, TrainingListener listener, String divergenceHint)
            throws IOException {
        run(model, trainer, workDir, samples, batchSize, epochs, new TrainingCheckpoint.Position(epochsDone, 0), 0,
                seed, step, listener, divergenceHint);
    }

    /**
     * Runs from {@code from} to the end of epoch {@code epochs}, checkpointing after every epoch and, when
     * {@code checkpointSteps > 0}, after every {@code checkpointSteps} steps inside one.
     */
    public static <S> void run(Model model, Trainer trainer, Path workDir, List<S> samples, int batchSize, int epochs,
            TrainingCheckpoint.Position from, int checkpointSteps, long seed, BatchStep<S> step,
            TrainingListener listener, String divergenceHint) throws IOException {
        int stepsPerEpoch = samples.size() / batchSize;
        for (int epoch = from.epochs(); epoch < epochs; epoch++) {
            long start = System.nanoTime();
            List<S> order = new ArrayList<>(samples);
            Random random = new Random(seed * 1_000_003L + epoch);
            Collections.shuffle(order, random);
            double sum = 0;
            int skipped = 0;
            int skippedInARow = 0;
            int firstStep = epoch == from.epochs() ? from.steps() : 0;
            for (int s = firstStep; s < stepsPerEpoch; s++) {
                float value = step.step(trainer, order.subList(s * batchSize, (s + 1) * batchSize), random, epoch, s);
                if (!Float.isFinite(value)) {
                    skipped++;
                    if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                        throw new IllegalStateException("training diverged: the loss or gradients were not finite "
                                + skippedInARow + " steps in a row, up to epoch " + (epoch + 1) + " step " + (s + 1)
                                + divergenceHint);
                    }
                    continue;
                }
                skippedInARow = 0;
                sum += value;
                listener.onStep(epoch + 1, s + 1, stepsPerEpoch, value);
                if (checkpointSteps > 0 && (s + 1) % checkpointSteps == 0 && s + 1 < stepsPerEpoch) {
                    TrainingCheckpoint.save(model, workDir, epoch, s + 1);
                }
            }
            TrainingCheckpoint.save(model, workDir, epoch + 1);
            listener.onEpoch(epoch + 1, (float) (sum / Math.max(1, stepsPerEpoch - firstStep - skipped)),
                    (System.nanoTime() - start) / 1e9);
            if (skipped > 0) {
                listener.onNote("  " + skipped + " step(s) skipped: a loss or gradients that were not finite (see"
                        + " ONEDNN_MAX_CPU_ISA in docs/architecture.md)");
            }
        }
    }
}
