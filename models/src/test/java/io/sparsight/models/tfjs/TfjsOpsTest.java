package io.sparsight.models.tfjs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The two places where TensorFlow and PyTorch disagree most quietly, worked by hand. */
class TfjsOpsTest {

    @Test
    void samePaddingPutsTheOddPixelAfter() {
        assertThat(TfjsConvolutions.samePad(5, 3, 2, 1)).containsExactly(1, 1); // out 3: (3-1)*2+3-5 = 2
        assertThat(TfjsConvolutions.samePad(4, 3, 2, 1)).containsExactly(0, 1); // out 2: (2-1)*2+3-4 = 1
        assertThat(TfjsConvolutions.samePad(416, 3, 1, 1)).containsExactly(1, 1);
        assertThat(TfjsConvolutions.samePad(6, 1, 2, 1)).containsExactly(0, 0);
        assertThat(TfjsConvolutions.samePad(7, 3, 1, 2)).containsExactly(2, 2); // dilated: a 5-wide kernel
    }

    @Test
    void bilinearWeightsFollowTheTwoTensorFlowFlags() {
        // 2 -> 4 pixels; rows of the [out x in] matrix
        assertThat(TfjsShapes.weights(2, 4, false, true)) // half-pixel centres: source (o + 0.5) / 2 - 0.5
                .containsExactly(1f, 0f, 0.75f, 0.25f, 0.25f, 0.75f, 0f, 1f);
        assertThat(TfjsShapes.weights(2, 4, false, false)) // TensorFlow 1's legacy mapping: source o / 2
                .containsExactly(1f, 0f, 0.5f, 0.5f, 0f, 1f, 0f, 1f);
        assertThat(TfjsShapes.weights(2, 4, true, false)) // align corners: source o * (2 - 1) / (4 - 1)
                .containsExactly(1f, 0f, 2f / 3, 1f / 3, 1f / 3, 2f / 3, 0f, 1f);
    }
}
