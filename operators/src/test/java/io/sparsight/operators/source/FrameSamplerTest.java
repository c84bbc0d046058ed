package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameSamplerTest {

    private static VideoFrame frame(long index, long offsetMs, int brightPixels) {
        byte[] pixels = new byte[100];
        Arrays.fill(pixels, 0, brightPixels, (byte) 255);
        return new VideoFrame("cam", index, offsetMs, 0, 10, 10, 1, pixels);
    }

    /** Indices of kept frames of a stream at {@code inputFps}; a restore after {@code restartAfter} if >= 0. */
    private static List<Integer> kept(Sampling sampling, double inputFps, int frames, int restartAfter) {
        FrameSampler sampler = new FrameSampler(sampling, -1);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            if (sampler.keep(frame(i, Math.round(i * 1000 / inputFps), 0))) {
                kept.add(i);
            }
            if (i == restartAfter) {
                sampler = new FrameSampler(sampling, sampler.lastKeptSlot()); // only the slot is checkpointed
            }
        }
        return kept;
    }

    @Test
    void keepsEveryOtherFrameAtHalfTheInputRate() {
        assertThat(kept(Sampling.fps(5), 10, 10, -1)).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void keepsOneFrameInFiveOf25Fps() {
        assertThat(kept(Sampling.fps(5), 25, 26, -1)).containsExactly(0, 5, 10, 15, 20, 25);
    }

    @Test
    void fullAndKeyframeSamplingKeepEveryDecodedFrame() {
        assertThat(kept(Sampling.full(), 30, 4, -1)).containsExactly(0, 1, 2, 3);
        assertThat(kept(Sampling.keyframes(), 30, 4, -1)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aFasterAnalysisRateThanTheInputKeepsEveryFrameOnce() {
        assertThat(kept(Sampling.fps(50), 10, 5, -1)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void restoringFromTheLastKeptSlotKeepsTheSameFrames() {
        assertThat(kept(Sampling.fps(5), 25, 60, 17)).isEqualTo(kept(Sampling.fps(5), 25, 60, -1));
    }

    @Test
    void motionSamplingKeepsChangedFramesAndAHeartbeat() {
        try (FrameSampler sampler = new FrameSampler(Sampling.motion(0.05, 1_000, 0), -1)) {
            assertThat(sampler.keep(frame(0, 0, 0))).as("first frame").isTrue();
            assertThat(sampler.keep(frame(1, 100, 2))).as("2% changed").isFalse();
            assertThat(sampler.keep(frame(2, 200, 10))).as("10% changed").isTrue();
            assertThat(sampler.keep(frame(3, 300, 10))).as("same as last kept").isFalse();
            assertThat(sampler.keep(frame(4, 1_100, 10))).as("still same, but 900 ms: no heartbeat yet").isFalse();
            assertThat(sampler.keep(frame(5, 1_200, 10))).as("heartbeat after 1 s").isTrue();
        }
    }

    @Test
    void samplingParsesFromText() {
        assertThat(Sampling.parse("full")).isEqualTo(Sampling.full());
        assertThat(Sampling.parse("keyframes")).isEqualTo(Sampling.keyframes());
        assertThat(Sampling.parse("fps=5")).isEqualTo(Sampling.fps(5));
        assertThat(Sampling.parse("motion=0.02,heartbeat=10s,fps=4")).isEqualTo(Sampling.motion(0.02, 10_000, 4));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sampling.parse("every=3"))
                .hasMessageContaining("full, keyframes, fps=N or motion=T");
    }
}
