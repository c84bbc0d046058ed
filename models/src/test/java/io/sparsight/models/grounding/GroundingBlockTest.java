package io.sparsight.models.grounding;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.sparsight.models.grounding.GroundingBlock.Hyperparameters;
import io.sparsight.models.grounding.GroundingBlock.VisualPrompt;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GroundingBlockTest {

    private static final Hyperparameters TINY =
            new Hyperparameters(8, 1, 32, 32, 16, 32, 4, 1, 2, VisualPrompt.FRAMEPAD, 3);

    @Test
    void visualPromptsCoverABorderOrABottomStrip() {
        Hyperparameters pad = new Hyperparameters(16, 3, 64, 64, 384, 128, 4, 2, 4, VisualPrompt.FRAMEPAD, 6);
        Hyperparameters down = new Hyperparameters(16, 3, 64, 64, 384, 128, 4, 2, 4, VisualPrompt.FRAMEDOWNPAD, 6);
        assertThat(sum(GroundingBlock.promptMask(pad))).isEqualTo(3 * (64 * 64 - 52 * 52));
        float[] strip = GroundingBlock.promptMask(down);
        assertThat(sum(strip)).isEqualTo(3 * 64 * 6);
        assertThat(strip[63 * 64]).as("bottom row").isEqualTo(1f);
        assertThat(strip[0]).as("top row").isEqualTo(0f);
    }

    @Test
    void outputsAMomentInsideTheWindowAndAPresenceLogit() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            GroundingBlock model = new GroundingBlock(TINY);
            model.initialize(m, DataType.FLOAT32, new Shape(3, 8, 1, 32, 32), new Shape(3, 16));
            NDList out = model.forward(new ParameterStore(m, false), new NDList(
                    m.randomUniform(0, 1, new Shape(3, 8, 1, 32, 32)), m.randomNormal(new Shape(3, 16))), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 2));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(3));
            float[] moments = out.get(0).toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat(moments[2 * i]).isBetween(0f, 1f);
                assertThat(moments[2 * i + 1]).isBetween(moments[2 * i], 1f);
            }
        }
    }

    @Test
    void theDenseBaselineReadsFourFramesPerSparseSampleAndTheBenchmarkTimesBoth() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            Dense3dBaseline dense = new Dense3dBaseline(TINY);
            assertThat(dense.windowFrames()).isEqualTo(32);
            dense.initialize(m, DataType.FLOAT32, new Shape(2, 1, 32, 32, 32), new Shape(2, 16));
            NDList out = dense.forward(new ParameterStore(m, false), new NDList(
                    m.randomUniform(0, 1, new Shape(2, 1, 32, 32, 32)), m.randomNormal(new Shape(2, 16))), false);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 3));
        }
        GroundingBenchmark.Result r = GroundingBenchmark.run(TINY, 3);
        assertThat(r.sparse2dMs()).isPositive();
        assertThat(r.dense3dMs()).isPositive();
        assertThat(r.denseFrames()).isEqualTo(4 * r.sparseFrames());
    }

    @Test
    void trainingStepsOnAShowingSquareLowerTheLoss() {
        Engine engine = OfflineRuntime.pytorch();
        engine.setRandomSeed(11);
        Random random = new Random(11);
        TdIouLoss tdIou = new TdIouLoss();
        try (Model model = Model.newInstance("grounding-test", engine.defaultDevice(), OfflineRuntime.ENGINE)) {
            model.setBlock(new GroundingBlock(TINY));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()))) {
                trainer.initialize(new Shape(8, 8, 1, 32, 32), new Shape(8, 16));
                NDManager m = trainer.getManager();
                float[] query = new float[16];
                for (int i = 0; i < 16; i++) {
                    query[i] = (float) random.nextGaussian();
                }
                float first = 0;
                float last = 0;
                int steps = 150;
                for (int step = 0; step < steps; step++) {
                    float[] frames = new float[8 * 8 * 32 * 32];
                    float[] targets = new float[8 * 2];
                    float[] text = new float[8 * 16];
                    for (int s = 0; s < 8; s++) {
                        int a = random.nextInt(6);
                        int b = a + 1 + random.nextInt(8 - a - 1) + 1;
                        b = Math.min(b, 8);
                        for (int f = a; f < b; f++) {
                            for (int y = 10; y < 22; y++) {
                                for (int x = 10; x < 22; x++) {
                                    frames[((s * 8 + f) * 32 + y) * 32 + x] = 1f;
                                }
                            }
                        }
                        targets[2 * s] = a / 8f;
                        targets[2 * s + 1] = b / 8f;
                        System.arraycopy(query, 0, text, s * 16, 16);
                    }
                    try (NDManager batch = m.newSubManager(); GradientCollector collector = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(batch.create(frames, new Shape(8, 8, 1, 32, 32)),
                                batch.create(text, new Shape(8, 16))));
                        NDArray loss = tdIou.of(out.get(0), batch.create(targets, new Shape(8, 2)));
                        collector.backward(loss);
                        float value = loss.getFloat();
                        if (step < 5) {
                            first += value / 5;
                        }
                        if (step >= steps - 5) {
                            last += value / 5;
                        }
                    }
                    trainer.step();
                }
                System.out.printf("TDIoU loss: first 5 steps %.4f, last 5 steps %.4f%n", first, last);
                assertThat(last).as("loss of the last 5 steps vs the first 5").isLessThan(first * 0.8f);
            }
        }
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
