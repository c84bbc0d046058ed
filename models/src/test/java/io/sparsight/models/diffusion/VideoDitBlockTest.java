package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VideoDitBlockTest {

    /** 2 past frames and 1 to predict, 16x8 in 4x4 patches (8 a frame, 24 tokens), width 16, 2 heads, 2 layers. */
    private static final VideoDitBlock.Hyperparameters HP = new VideoDitBlock.Hyperparameters(16, 8, 4, 2, 1, 16, 2, 2);

    private static VideoDitBlock initialized(NDManager manager, AttentionPattern[][] plan) {
        manager.getEngine().setRandomSeed(11);
        VideoDitBlock block = plan == null ? VideoDitBlock.dense(HP) : new VideoDitBlock(HP, plan);
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 8, 16), new Shape(2, 1, 8, 16), new Shape(2));
        return block;
    }

    @Test
    void itPredictsTheTargetFramesVelocityAtTheirSize() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock block = initialized(manager, new AttentionPattern[][] {
                    {AttentionPattern.SPATIAL, AttentionPattern.TEMPORAL}, {AttentionPattern.DENSE, AttentionPattern.SPATIAL}});
            NDArray condition = FlowSampler.noise(manager, new Shape(2, 2, 8, 16), 1);
            NDArray noisy = FlowSampler.noise(manager, new Shape(2, 1, 8, 16), 2);
            NDArray out = block.forward(new ParameterStore(manager, false),
                    new NDList(condition, noisy, manager.create(new float[] {0.3f, 0.9f})), true).singletonOrThrow();
            assertThat(out.getShape()).isEqualTo(new Shape(2, 1, 8, 16));
            assertThat(block.hyperparameters().tokens()).isEqualTo(24);
        }
    }

    @Test
    void theTaskChangesTheOutputAndRepairTakesTheFramesAroundTheGap() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock block = initialized(manager, null);
            block.getParameters().forEach(p -> p.getValue().getArray().set(
                    FlowSampler.noise(manager, p.getValue().getArray().getShape(), p.getKey().hashCode())
                            .mul(0.05f).toFloatArray()));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray condition = FlowSampler.noise(manager, new Shape(1, 2, 8, 16), 5).clip(-1, 1);
            FlowSampler sampler = new FlowSampler(2);
            float[] predicted = sampler.sample(block, store, condition, DiffusionTask.PREDICT, 7).toFloatArray();
            float[] repaired = sampler.sample(block, store, condition, DiffusionTask.REPAIR, 7).toFloatArray();
            assertThat(sampler.sample(block, store, condition, 7).toFloatArray()).as("predict is the default")
                    .containsExactly(predicted);
            assertThat(repaired).isNotEqualTo(predicted);
        }
        // 2 condition + 1 target: predict takes frames 0, 1 then makes 2; repair takes 0 and 2 and makes 1
        assertThat(DiffusionTask.PREDICT.frameOrder(HP)).containsExactly(0, 1, 2);
        assertThat(DiffusionTask.REPAIR.frameOrder(HP)).containsExactly(0, 2, 1);
        VideoDitBlock.Hyperparameters shipped = new VideoDitBlock.Hyperparameters(96, 64, 8, 8, 2, 64, 4, 4);
        assertThat(DiffusionTask.REPAIR.frameOrder(shipped)).containsExactly(0, 1, 2, 3, 4, 5, 8, 9, 6, 7);
    }

    @Test
    void patchesGoBackWhereTheyCameFrom() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock block = VideoDitBlock.dense(HP);
            NDArray frames = manager.arange(2 * 3 * 8 * 16).toType(DataType.FLOAT32, false).reshape(2, 3, 8, 16);
            NDArray patches = block.patchify(frames);
            assertThat(patches.getShape()).isEqualTo(new Shape(2, 24, 16));
            // the first patch of the first frame is its top-left 4x4 corner, row by row
            assertThat(patches.get("0, 0").toFloatArray()).containsExactly(0, 1, 2, 3, 16, 17, 18, 19, 32, 33, 34, 35,
                    48, 49, 50, 51);
            assertThat(block.unpatchify(patches, 2, 3).toFloatArray()).containsExactly(frames.toFloatArray());
        }
    }

    @Test
    void aSeededSamplerGivesTheSameFramesAndAnotherSeedOthers() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock block = initialized(manager, null);
            // adaLN-Zero starts with zero gates and output: give the weights something to do
            block.getParameters().forEach(p -> p.getValue().getArray().set(
                    FlowSampler.noise(manager, p.getValue().getArray().getShape(), p.getKey().hashCode())
                            .mul(0.05f).toFloatArray()));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray condition = FlowSampler.noise(manager, new Shape(1, 2, 8, 16), 5).clip(-1, 1);
            FlowSampler sampler = new FlowSampler(4);
            float[] first = sampler.sample(block, store, condition, 42).toFloatArray();
            float[] again = sampler.sample(block, store, condition, 42).toFloatArray();
            float[] other = sampler.sample(block, store, condition, 43).toFloatArray();
            assertThat(again).containsExactly(first);
            assertThat(other).isNotEqualTo(first);
            for (float v : first) {
                assertThat(v).isBetween(-1f, 1f);
            }
        }
    }

    @Test
    void theSearchMeasuresEveryLayersHeadsUnderEveryPatternWhileTheDenseModelSamples() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock block = initialized(manager, null);
            AttentionErrors errors = new AttentionErrors(HP.layers(), HP.heads(), HP.frames(), HP.patchesPerFrame());
            block.setProbes(errors::probe);
            NDArray condition = FlowSampler.noise(manager, new Shape(1, 2, 8, 16), 5).clip(-1, 1);
            new FlowSampler(3).sample(block, new ParameterStore(manager, false), condition, 1);
            block.setProbes(null);
            assertThat(errors.calls(0)).as("one call per sampling step").isEqualTo(3);
            double[][][] mse = errors.mse();
            for (double[][] layer : mse) {
                for (double[] head : layer) {
                    assertThat(head[AttentionPattern.DENSE.ordinal()]).isZero();
                    assertThat(head[AttentionPattern.SKIP.ordinal()]).isPositive();
                }
            }
        }
    }

    @Test
    void aTrainingExampleMixesFrameAndNoiseByTime() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            NDArray frames = manager.full(new Shape(2, 1, 2, 2), 0.5f);
            NDArray noise = manager.full(new Shape(2, 1, 2, 2), -1f);
            NDArray[] example = FlowSampler.noised(frames, noise, manager.create(new float[] {0f, 0.25f}));
            assertThat(example[0].get("0").toFloatArray()[0]).isEqualTo(0.5f);
            assertThat(example[0].get("1").toFloatArray()[0]).isCloseTo(0.75f * 0.5f - 0.25f, within(1e-6f));
            assertThat(example[1].toFloatArray()[0]).isCloseTo(-1.5f, within(1e-6f));
        }
    }

    @Test
    void aPlanOfTheWrongShapeAndASizeThatDoesNotCutIntoPatchesAreRefused() {
        assertThatThrownBy(() -> new VideoDitBlock(HP, new AttentionPattern[][] {{AttentionPattern.DENSE}}))
                .hasMessageContaining("2 head patterns for each of 2 layers");
        assertThatThrownBy(() -> new VideoDitBlock.Hyperparameters(18, 8, 4, 2, 1, 16, 2, 2))
                .hasMessageContaining("multiple of the patch 4");
        assertThatThrownBy(() -> new FlowSampler(0)).hasMessageContaining("at least one step");
    }
}
