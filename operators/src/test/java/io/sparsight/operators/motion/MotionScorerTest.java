package io.sparsight.operators.motion;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MotionScorerTest {

    private final MotionScorer scorer = new MotionScorer(25);

    @AfterEach
    void close() {
        scorer.close();
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void identicalFramesScoreZero() {
        byte[] frame = filled(100 * 80, 90);
        assertThat(scorer.score(frame, frame.clone(), 100, 80, 1)).isZero();
    }

    @Test
    void scoreIsTheFractionOfPixelsThatChangedBeyondTheNoiseThreshold() {
        int w = 100, h = 80;
        byte[] before = filled(w * h, 90);
        byte[] after = before.clone();
        for (int y = 10; y < 30; y++) {          // a 20x40 block becomes bright: 800 of 8000 pixels
            for (int x = 30; x < 70; x++) {
                after[y * w + x] = (byte) 200;
            }
        }
        for (int x = 0; x < w; x++) {            // one row of small noise (+20 <= 25): does not count
            after[70 * w + x] = (byte) 110;
        }
        assertThat(scorer.score(before, after, w, h, 1)).isCloseTo(0.1, within(1e-12));
        // symmetric, and the scorer's buffers are reused between calls
        assertThat(scorer.score(after, before, w, h, 1)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void colourFramesCountEachChannelSample() {
        int w = 10, h = 10;
        byte[] before = filled(w * h * 3, 0);
        byte[] after = before.clone();
        after[0] = (byte) 255;                   // one channel of one pixel: 1 of 300 samples
        assertThat(scorer.score(before, after, w, h, 3)).isCloseTo(1.0 / 300, within(1e-12));
    }

    @Test
    void framesOfTheWrongSizeAreRejected() {
        assertThatThrownBy(() -> scorer.score(new byte[10], new byte[12], 5, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 bytes");
    }
}
