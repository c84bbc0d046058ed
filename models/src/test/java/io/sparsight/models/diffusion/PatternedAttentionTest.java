package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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

class PatternedAttentionTest {

    private static final int FRAMES = 3;
    private static final int PATCHES = 4;
    private static final AttentionPattern[] MIXED = {AttentionPattern.SPATIAL, AttentionPattern.DENSE,
            AttentionPattern.TEMPORAL, AttentionPattern.SPATIAL};

    @Test
    void everyHeadRunsItsOwnPatternAndKeepsItsPlace() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            manager.getEngine().setRandomSeed(3);
            Shape shape = new Shape(2, MIXED.length, FRAMES * PATCHES, 5);
            NDArray q = manager.randomNormal(shape);
            NDArray k = manager.randomNormal(shape);
            NDArray v = manager.randomNormal(shape);

            NDArray actual = new PatternedAttention(MIXED.length * 5, FRAMES, PATCHES, MIXED).attendHeads(q, k, v);

            NDList perHead = new NDList();
            for (int h = 0; h < MIXED.length; h++) {
                String head = ":, " + h + ":" + (h + 1);
                perHead.add(MIXED[h].attend(q.get(head), k.get(head), v.get(head), FRAMES, PATCHES));
            }
            float[] expected = NDArrays.concat(perHead, 1).toFloatArray();
            float[] got = actual.toFloatArray();
            assertThat(actual.getShape()).isEqualTo(shape);
            for (int i = 0; i < expected.length; i++) {
                assertThat(got[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void theLayerMapsTokensToTokensOfTheSameWidth() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            PatternedAttention layer = new PatternedAttention(16, FRAMES, PATCHES, MIXED);
            Shape tokens = new Shape(2, FRAMES * PATCHES, 16);
            layer.initialize(manager, DataType.FLOAT32, tokens);
            NDArray y = layer.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(tokens)),
                    false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(tokens);
            assertThat(layer.headPatterns()).containsExactly(MIXED);
        }
    }

    @Test
    void aWidthThatDoesNotSplitIntoTheHeadsIsRefused() {
        assertThatThrownBy(() -> new PatternedAttention(10, FRAMES, PATCHES, MIXED)).hasMessageContaining("4 heads");
    }
}
