package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttentionPatternSearchTest {

    private static final int FRAMES = 4;
    private static final int PATCHES = 6;
    private static final int DIM = 16;

    /**
     * Three heads built to have a known shape: queries and keys of a head share a large component that marks the
     * frame (head 0), the patch (head 1), or nothing (head 2, uniform random): attention then concentrates within
     * the frame, along the patch's column, or spreads everywhere.
     */
    @Test
    void eachHeadGetsTheSparsestPatternThatKeepsItsOutput() {
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            manager.getEngine().setRandomSeed(11);
            NDArray frameHead = structured(manager, true);
            NDArray patchHead = structured(manager, false);
            NDArray randomHead = manager.randomNormal(new Shape(1, 1, FRAMES * PATCHES, DIM)).mul(0.1f);
            NDArray qk = NDArrays.concat(new NDList(frameHead, patchHead, randomHead), 1);
            NDArray v = manager.randomNormal(new Shape(1, 3, FRAMES * PATCHES, DIM));

            List<AttentionPatternSearch.HeadChoice> choices =
                    AttentionPatternSearch.choose(qk, qk, v, FRAMES, PATCHES, 0.05);

            assertThat(choices).extracting(AttentionPatternSearch.HeadChoice::pattern)
                    .containsExactly(AttentionPattern.SPATIAL, AttentionPattern.TEMPORAL, AttentionPattern.DENSE);
            assertThat(choices.get(2).relativeErrors()[AttentionPattern.SPATIAL.ordinal()])
                    .as("a head that attends everywhere loses much under a sparse pattern").isGreaterThan(0.05);
            assertThat(choices).allSatisfy(c ->
                    assertThat(c.relativeErrors()[AttentionPattern.DENSE.ordinal()]).isZero());
        }
    }

    /** {@code (1, 1, T*P, D)}: a strong one-hot code of the token's frame (or patch) plus a little noise. */
    private static NDArray structured(NDManager manager, boolean byFrame) {
        float[] values = new float[FRAMES * PATCHES * DIM];
        for (int token = 0; token < FRAMES * PATCHES; token++) {
            int group = byFrame ? token / PATCHES : token % PATCHES;
            values[token * DIM + group] = 6f;
        }
        return manager.create(values, new Shape(1, 1, FRAMES * PATCHES, DIM))
                .add(manager.randomNormal(new Shape(1, 1, FRAMES * PATCHES, DIM)).mul(0.05f));
    }
}
