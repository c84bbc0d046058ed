package io.sparsight.models.grounding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.sparsight.models.runtime.OfflineRuntime;

import java.util.Arrays;

/**
 * TVP's headline claim, measured: one window through the sparse 2D path ({@link GroundingBlock}: N sampled frames)
 * and through the dense 3D baseline ({@link Dense3dBaseline}: all 4N frames of the same window), forward only, one
 * window per call, untrained weights (speed does not depend on them). Runs alternate between the two so machine load
 * hits both alike; the median of the timed runs counts.
 */
public final class GroundingBenchmark {

    /** Milliseconds per window, median over the runs. */
    public record Result(double sparse2dMs, double dense3dMs, int sparseFrames, int denseFrames, int runs) {
        public double speedup() {
            return dense3dMs / sparse2dMs;
        }
    }

    private GroundingBenchmark() {}

    public static Result run(GroundingBlock.Hyperparameters hp, int runs) {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            GroundingBlock sparse = new GroundingBlock(hp);
            Dense3dBaseline dense = new Dense3dBaseline(hp);
            Shape sparseInput = new Shape(1, hp.frames(), hp.channels(), hp.height(), hp.width());
            Shape denseInput = new Shape(1, hp.channels(), dense.windowFrames(), hp.height(), hp.width());
            Shape text = new Shape(1, hp.textDim());
            sparse.initialize(manager, DataType.FLOAT32, sparseInput, text);
            dense.initialize(manager, DataType.FLOAT32, denseInput, text);
            ParameterStore store = new ParameterStore(manager, false);
            double[] sparseMs = new double[runs];
            double[] denseMs = new double[runs];
            for (int warmUp = 0; warmUp < 2; warmUp++) {
                time(sparse, store, manager, sparseInput, text);
                time(dense, store, manager, denseInput, text);
            }
            for (int i = 0; i < runs; i++) {
                sparseMs[i] = time(sparse, store, manager, sparseInput, text);
                denseMs[i] = time(dense, store, manager, denseInput, text);
            }
            return new Result(median(sparseMs), median(denseMs), hp.frames(), dense.windowFrames(), runs);
        }
    }

    private static double time(Block block, ParameterStore store, NDManager parent, Shape input, Shape text) {
        try (NDManager manager = parent.newSubManager()) {
            NDList inputs = new NDList(manager.randomUniform(0, 1, input), manager.randomNormal(text));
            long start = System.nanoTime();
            block.forward(store, inputs, false).get(0).toFloatArray();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Milliseconds per window of {@code model} answering each count of standing queries at once
     * ({@link GroundingModel#predictWindow}: the window's frames through the visual half once, the fusion per query),
     * the median of {@code runs} after two warm-up calls; a fixed pseudo-random window and sentences.
     */
    public static double[] queriesMs(GroundingModel model, int[] queryCounts, int runs) {
        java.util.Random random = new java.util.Random(42);
        float[] window = new float[model.windowSize()];
        for (int i = 0; i < window.length; i++) {
            window[i] = random.nextFloat();
        }
        return queriesMs((sentences, count) -> model.predictWindow(window, sentences, count),
                model.hyperparameters().textDim(), queryCounts, runs);
    }

    /** The same for the track model: a window of {@code slots} people tracked at every sample time. */
    public static double[] queriesMs(TrackGroundingModel model, int[] queryCounts, int runs) {
        java.util.Random random = new java.util.Random(42);
        TrackGroundingBlock.Hyperparameters hp = model.hyperparameters();
        float[] features = new float[hp.frames() * hp.slots() * hp.features()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        String[] labels = new String[hp.slots()];
        java.util.Arrays.fill(labels, "person");
        float[] person = new float[hp.textDim()];
        for (int i = 0; i < person.length; i++) {
            person[i] = (float) random.nextGaussian() / (float) Math.sqrt(hp.textDim());
        }
        TrackWindow.Encoded window = new TrackWindow.Encoded(features, labels);
        return queriesMs((sentences, count) -> model.predictWindow(window, label -> person, sentences, count),
                hp.textDim(), queryCounts, runs);
    }

    /** Median ms of {@code answer} asked each count of random sentences (after two warm-up calls). */
    private static double[] queriesMs(java.util.function.BiConsumer<float[], Integer> answer, int textDim,
            int[] queryCounts, int runs) {
        java.util.Random random = new java.util.Random(43);
        double[] ms = new double[queryCounts.length];
        for (int c = 0; c < queryCounts.length; c++) {
            float[] sentences = new float[queryCounts[c] * textDim];
            for (int i = 0; i < sentences.length; i++) {
                sentences[i] = (float) random.nextGaussian() / (float) Math.sqrt(textDim);
            }
            for (int w = 0; w < 2; w++) {
                answer.accept(sentences, queryCounts[c]);
            }
            double[] times = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                answer.accept(sentences, queryCounts[c]);
                times[r] = (System.nanoTime() - t0) / 1e6;
            }
            ms[c] = median(times);
        }
        return ms;
    }
}
