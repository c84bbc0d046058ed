package io.sparsight.models.anomaly;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The SFFM block and the frame predictor on the real PyTorch engine. */
class AnomalyBlockTest {

    @Test
    void topKGatesKeepKExpertsPerTokenAndSumToOne() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            NDArray probs = m.create(new float[] {
                    0.05f, 0.40f, 0.10f, 0.30f, 0.15f,
                    0.50f, 0.02f, 0.18f, 0.20f, 0.10f}, new Shape(2, 5));
            float[] gates = SparseFilteringBlock.topKGates(probs, 2).toFloatArray();
            // row 1 keeps 0.40 and 0.30: renormalised 4/7 and 3/7; row 2 keeps 0.50 and 0.20: 5/7 and 2/7
            assertThat(gates).containsExactly(new float[] {0, 4f / 7, 0, 3f / 7, 0, 5f / 7, 0, 0, 2f / 7, 0}, within(1e-6f));
        }
    }

    @Test
    void sffmKeepsTheFeatureShapeAndReportsItsBalanceLoss() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            SparseFilteringBlock sffm = new SparseFilteringBlock(32, 63, 7, 8);
            sffm.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 32, 5, 5));
            NDArray features = m.randomNormal(new Shape(2, 32, 5, 5));
            NDList out = sffm.forward(new ParameterStore(m, false), new NDList(features), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 32, 5, 5));
            float balance = out.get(1).getFloat();
            assertThat(balance).as("load-balancing loss: about 1 when even, more when skewed").isBetween(0.5f, 63f);
        }
    }

    @Test
    void predictorMapsContextFramesToOneFrameInUnitRange() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            AnomalyBlock predictor = new AnomalyBlock(new AnomalyBlock.Hyperparameters(4, 8, 15, 3, 4, 7, 2));
            predictor.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 4, 32, 48));
            NDList out = predictor.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, new Shape(2, 4, 32, 48))), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 1, 32, 48));
            assertThat(out.get(0).min().getFloat()).isGreaterThan(0f);
            assertThat(out.get(0).max().getFloat()).isLessThan(1f);
            assertThat(out.get(1).getShape()).isEqualTo(new Shape());
        }
    }

    @Test
    void lossOfAPredictionThatCopiesTheCurrentFrameCountsTheErrorTwice() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            NDArray current = m.create(new float[] {0.2f, 0.4f}, new Shape(1, 1, 1, 2));
            NDArray next = m.create(new float[] {0.5f, 0.4f}, new Shape(1, 1, 1, 2));
            NDArray balance = m.create(2f);
            // MSE = (0.09 + 0) / 2 = 0.045; motion term = mean(max(0.09 - 0, 0), max(0 - 0, 0)) = 0.045; aux 0.1 * 2
            float loss = new PredictionLoss(0.1f).of(current, next, current, balance).getFloat();
            assertThat(loss).isCloseTo(0.045f + 0.045f + 0.2f, within(1e-6f));
        }
    }

    @Test
    void trainingOnAMovingSquareReducesTheLoss() {
        Engine engine = OfflineRuntime.pytorch();
        engine.setRandomSeed(42);
        int size = 32;
        AnomalyBlock predictor = new AnomalyBlock(new AnomalyBlock.Hyperparameters(4, 8, 15, 3, 4, 7, 2));
        try (Model model = Model.newInstance("test", engine.defaultDevice(), OfflineRuntime.ENGINE)) {
            model.setBlock(predictor);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(3e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 4, size, size));
                NDManager m = trainer.getManager();
                PredictionLoss loss = new PredictionLoss(0.01f);
                float first = 0;
                float last = 0;
                for (int step = 0; step < 40; step++) {
                    float[] clip = movingSquares(4, 5, size, step);   // 4 samples x 5 frames
                    NDArray frames = m.create(clip, new Shape(4, 5, size, size));
                    NDArray context = frames.get(":, 0:4");
                    NDArray current = frames.get(":, 3:4");
                    NDArray next = frames.get(":, 4:5");
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(context));
                        NDArray value = loss.of(out.get(0), next, current, out.get(1));
                        collector.backward(value);
                        if (step < 3) {
                            first += value.getFloat() / 3;
                        }
                        if (step >= 37) {
                            last += value.getFloat() / 3;
                        }
                    }
                    trainer.step();
                }
                assertThat(last).as("loss after 40 steps vs the first 3").isLessThan(first * 0.5f);
            }
        }
    }

    /** Squares moving right by 2 pixels a frame, starting at different places. */
    private static float[] movingSquares(int samples, int frames, int size, int seed) {
        float[] out = new float[samples * frames * size * size];
        for (int s = 0; s < samples; s++) {
            int x0 = (seed * 3 + s * 7) % (size - 12);
            int y0 = (seed + s * 5) % (size - 8);
            for (int f = 0; f < frames; f++) {
                int base = (s * frames + f) * size * size;
                for (int y = y0; y < y0 + 8; y++) {
                    for (int x = x0 + 2 * f; x < x0 + 2 * f + 8 && x < size; x++) {
                        out[base + y * size + x] = 1f;
                    }
                }
            }
        }
        return out;
    }
}
