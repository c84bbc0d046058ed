package io.sparsight.models.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the real PyTorch engine from the bundled CPU natives and computes with it. A missing native jar or a
 * download attempt (the build runs DJL offline) fails this test.
 */
class OfflineRuntimeTest {

    @Test
    void buildRunsDjlOffline() {
        assertThat(OfflineRuntime.isOffline()).as("DJL_OFFLINE / -Dai.djl.offline").isTrue();
        assertThat(OfflineRuntime.isTrackingOptedOut()).as("OPT_OUT_TRACKING").isTrue();
    }

    @Test
    void pytorchEngineLoadsAndComputes() {
        Engine engine = OfflineRuntime.pytorch();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).startsWith("2.7.1");

        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            NDArray b = manager.create(new float[] {5, 6, 7, 8}, new ai.djl.ndarray.types.Shape(2, 2));
            float[] product = a.matMul(b).toFloatArray();
            // [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]]
            assertThat(product).containsExactly(19f, 22f, 43f, 50f);

            NDArray softmax = manager.create(new float[] {0f, (float) Math.log(3)}).softmax(0);
            assertThat(softmax.toFloatArray()[1]).isCloseTo(0.75f, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }
}
