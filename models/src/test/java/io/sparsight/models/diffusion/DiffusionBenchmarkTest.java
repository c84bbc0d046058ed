package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DiffusionBenchmarkTest {

    private static final VideoDitBlock.Hyperparameters HP = new VideoDitBlock.Hyperparameters(16, 8, 4, 2, 1, 16, 2, 2);

    /** A dense network whose weights all do something (adaLN-Zero starts with zero gates and output). */
    private static VideoDitBlock randomDense(NDManager manager) {
        VideoDitBlock block = VideoDitBlock.dense(HP);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 8, 16), new Shape(1, 1, 8, 16), new Shape(1));
        block.getParameters().forEach(p -> p.getValue().getArray().set(FlowSampler.noise(manager,
                p.getValue().getArray().getShape(), p.getKey().hashCode()).mul(0.1f).toFloatArray()));
        return block;
    }

    @Test
    void theDensePlanGivesTheDenseOutputAndASparsePlanFewerFlops() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock dense = randomDense(manager);
            NDArray condition = FlowSampler.noise(manager, new Shape(1, 2, 8, 16), 4).clip(-1, 1);
            FlowSampler sampler = new FlowSampler(2);
            DiffusionBenchmark.Result same = DiffusionBenchmark.measure(dense, AttentionPlan.dense(2, 2), condition,
                    sampler, 7, 1);
            assertThat(same.psnrDb()).isEqualTo(100);
            assertThat(same.ssim()).isCloseTo(1, within(1e-6));
            assertThat(same.attentionFlopsRatio()).isEqualTo(1);
            assertThat(same.attentionShare()).isBetween(0.0, 1.0);

            AttentionPlan sparse = new AttentionPlan(new AttentionPattern[][] {
                    {AttentionPattern.SPATIAL, AttentionPattern.SPATIAL}, {AttentionPattern.STRIPE, AttentionPattern.DENSE}});
            DiffusionBenchmark.Result result = DiffusionBenchmark.measure(dense, sparse, condition, sampler, 7, 1);
            // 3 frames: spatial and stripe compute a third of the scores each, dense all: (1/3 * 3 + 1) / 4 = 1/2
            assertThat(result.attentionFlopsRatio()).isCloseTo(2, within(1e-9));
            assertThat(result.psnrDb()).isLessThan(100);
        }
    }

    @Test
    void theSearchKeepsDenseForATinyEpsilonAndSkipsEverythingForAHugeLambda() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            VideoDitBlock dense = randomDense(manager);
            NDArray condition = FlowSampler.noise(manager, new Shape(1, 2, 8, 16), 4).clip(-1, 1);
            FlowSampler sampler = new FlowSampler(2);
            assertThat(DiffusionBenchmark.search(dense, condition, sampler, 0.1, 1e-12, 7))
                    .isEqualTo(AttentionPlan.dense(2, 2));
            assertThat(DiffusionBenchmark.search(dense, condition, sampler, 1e6, 1e3, 7).shares()
                    .get(AttentionPattern.SKIP)).isEqualTo(1.0);
        }
    }
}
