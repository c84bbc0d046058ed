package io.sparsight.operators.frames;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LateFramesTest {

    private static final long NOW = 1_700_000_000_000L;

    private static VideoFrame frame(boolean live, long arrivalMs) {
        VideoFrame frame = new VideoFrame("cam", 0, 0, 0, 1, 1, 1, new byte[1]);
        frame.live = live;
        frame.arrivalMs = arrivalMs;
        return frame;
    }

    @Test
    void aLiveFrameThatWaitedLongerThanTheLimitIsTooLate() {
        LateFrames late = new LateFrames(2000);
        assertThat(late.tooLate(frame(true, NOW - 2001), NOW)).isTrue();
        assertThat(late.tooLate(frame(true, NOW - 2000), NOW)).isFalse();
        assertThat(late.tooLate(frame(true, NOW - 10), NOW)).isFalse();
    }

    @Test
    void filesFramesWithoutArrivalAndAZeroLimitAreNeverSkipped() {
        assertThat(new LateFrames(2000).tooLate(frame(false, NOW - 60_000), NOW)).as("a file's frame").isFalse();
        assertThat(new LateFrames(2000).tooLate(frame(true, 0), NOW)).as("no arrival time").isFalse();
        assertThat(new LateFrames(0).tooLate(frame(true, NOW - 60_000), NOW)).as("limit 0").isFalse();
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new LateFrames(-1)).hasMessageContaining("maxLag must be 0");
    }
}
