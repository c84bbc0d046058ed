package io.sparsight.operators.source;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameSamplerTest {

    /** Indices of kept frames of a stream at {@code inputFps}, resuming after frame {@code restartAfter} if >= 0. */
    private static List<Integer> kept(double analysisFps, double inputFps, int frames, int restartAfter) {
        FrameSampler sampler = new FrameSampler(analysisFps);
        List<Integer> kept = new ArrayList<>();
        long lastSlot = -1;
        for (int i = 0; i < frames; i++) {
            long offsetMs = Math.round(i * 1000 / inputFps);
            long slot = sampler.slotOf(i, offsetMs);
            if (FrameSampler.keeps(slot, lastSlot)) {
                kept.add(i);
                lastSlot = slot;
            }
            if (i == restartAfter) {
                sampler = new FrameSampler(analysisFps); // a restored reader: only lastSlot carries over
            }
        }
        return kept;
    }

    @Test
    void keepsEveryOtherFrameAtHalfTheInputRate() {
        assertThat(kept(5, 10, 10, -1)).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void keepsOneFrameInFiveOf25Fps() {
        assertThat(kept(5, 25, 26, -1)).containsExactly(0, 5, 10, 15, 20, 25);
    }

    @Test
    void zeroFpsKeepsEveryFrame() {
        assertThat(kept(0, 30, 4, -1)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aFasterAnalysisRateThanTheInputKeepsEveryFrameOnce() {
        assertThat(kept(50, 10, 5, -1)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void restoringFromTheLastKeptSlotKeepsTheSameFrames() {
        assertThat(kept(5, 25, 60, 17)).isEqualTo(kept(5, 25, 60, -1));
    }
}
