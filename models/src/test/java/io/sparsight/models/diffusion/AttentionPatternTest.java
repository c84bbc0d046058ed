package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AttentionPatternTest {

    private static final int FRAMES = 4;
    private static final int PATCHES = 3;
    private static final int DIM = 5;

    @ParameterizedTest
    @EnumSource(AttentionPattern.class)
    void eachPatternEqualsDenseAttentionMaskedToThePattern(AttentionPattern pattern) {
        for (int frames : new int[] {1, 2, FRAMES}) {            // 1 and 2: the first and last frame are one
            try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
                manager.getEngine().setRandomSeed(7);
                Shape shape = new Shape(2, 3, frames * PATCHES, DIM);
                NDArray q = manager.randomNormal(shape);
                NDArray k = manager.randomNormal(shape);
                NDArray v = manager.randomNormal(shape);

                NDArray expected = maskedDense(q, k, v, pattern, frames);
                NDArray actual = pattern.attend(q, k, v, frames, PATCHES);

                assertThat(actual.getShape()).isEqualTo(shape);
                float[] e = expected.toFloatArray();
                float[] a = actual.toFloatArray();
                for (int i = 0; i < e.length; i++) {
                    assertThat(a[i]).as("%d frame(s), element %d", frames, i).isCloseTo(e[i], within(1e-5f));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AttentionPattern.class)
    void theDensityIsTheShareOfQueryKeyPairsThePatternAllows(AttentionPattern pattern) {
        for (int frames : new int[] {1, 2, FRAMES}) {
            int tokens = frames * PATCHES;
            int allowed = 0;
            for (int query = 0; query < tokens; query++) {
                for (int key = 0; key < tokens; key++) {
                    allowed += pattern.allows(query, key, PATCHES) ? 1 : 0;
                }
            }
            assertThat(pattern.density(frames, PATCHES)).as("%d frame(s)", frames)
                    .isCloseTo((double) allowed / (tokens * tokens), within(1e-12));
        }
    }

    /** The reference: every score computed, the pairs outside the pattern set to minus infinity before softmax. */
    private static NDArray maskedDense(NDArray q, NDArray k, NDArray v, AttentionPattern pattern, int frames) {
        int tokens = frames * PATCHES;
        float[] mask = new float[tokens * tokens];
        for (int query = 0; query < tokens; query++) {
            for (int key = 0; key < tokens; key++) {
                mask[query * tokens + key] = pattern.allows(query, key, PATCHES) ? 0 : Float.NEGATIVE_INFINITY;
            }
        }
        if (pattern == AttentionPattern.SKIP) {
            return q.zerosLike(); // no key at all: a dropped head
        }
        NDArray bias = q.getManager().create(mask, new Shape(1, 1, tokens, tokens));
        return q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(DIM)).add(bias).softmax(-1).matMul(v);
    }
}
