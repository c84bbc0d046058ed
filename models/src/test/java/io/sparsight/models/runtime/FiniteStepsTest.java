package io.sparsight.models.runtime;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FiniteStepsTest {

    @Test
    void aStepWithANaNGradientLeavesTheWeightsAsTheyWereAndTheNextStepStillLearns() {
        try (Model model = Model.newInstance("tiny", ai.djl.Device.cpu(), OfflineRuntime.ENGINE)) {
            Linear block = Linear.builder().setUnits(1).build();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2));
            try (Trainer trainer = model.newTrainer(EpochLoop.adamCosine(0.1f, 10, 0));
                 NDManager manager = model.getNDManager().newSubManager()) {
                float[] before = weights(model);

                assertThat(backwardAndStep(trainer, manager, new float[] {Float.NaN, 1f})).as("NaN input").isFalse();
                assertThat(weights(model)).as("a skipped step changes nothing").containsExactly(before);

                assertThat(backwardAndStep(trainer, manager, new float[] {1f, 2f})).isTrue();
                float[] after = weights(model);
                assertThat(after).as("the next finite step learns").doesNotContain(Float.NaN);
                assertThat(after).isNotEqualTo(before);
            }
        }
    }

    private static boolean backwardAndStep(Trainer trainer, NDManager manager, float[] input) {
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray out = trainer.forward(new NDList(manager.create(input, new Shape(1, 2)))).singletonOrThrow();
            collector.backward(out.sub(3f).square().mean());
        }
        return FiniteSteps.step(trainer);
    }

    private static float[] weights(Model model) {
        return model.getBlock().getParameters().get("weight").getArray().toFloatArray();
    }
}
