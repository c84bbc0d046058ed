package io.sparsight.operators.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamClockTest {

    @Test
    void offsetsFollowThePresentationTimestamps() {
        StreamClock clock = new StreamClock(100, 5_000, 0);
        assertThat(clock.advance(1_400_000, 0, false).offsetMs()).isZero();
        assertThat(clock.advance(1_500_000, 0, false).offsetMs()).isEqualTo(100);
        assertThat(clock.advance(1_600_000, 0, false)).isEqualTo(new StreamClock.Tick(200, 0));
    }

    @Test
    void aBackwardJumpIsReportedAndRebasedSoTimeKeepsRunningForward() {
        StreamClock clock = new StreamClock(100, 5_000, 0);
        clock.advance(10_000_000, 0, false);
        clock.advance(10_100_000, 0, false);
        StreamClock.Tick jump = clock.advance(0, 0, false);      // e.g. a second file concatenated
        assertThat(jump.isDiscontinuity()).isTrue();
        assertThat(jump.discontinuityMs()).isEqualTo(-10_100);
        assertThat(jump.offsetMs()).isEqualTo(200);
        assertThat(clock.advance(100_000, 0, false)).isEqualTo(new StreamClock.Tick(300, 0));
    }

    @Test
    void aForwardJumpBeyondTheLimitIsRebasedForFiles() {
        StreamClock clock = new StreamClock(40, 5_000, 0);
        clock.advance(0, 0, false);
        StreamClock.Tick small = clock.advance(3_000_000, 0, false);   // a 3 s gap: kept as it is
        assertThat(small).isEqualTo(new StreamClock.Tick(3_000, 0));
        StreamClock.Tick jump = clock.advance(63_000_000, 0, false);   // a 60 s jump
        assertThat(jump.discontinuityMs()).isEqualTo(60_000);
        assertThat(jump.offsetMs()).isEqualTo(3_040);
    }

    @Test
    void mpegTsClockWrapIsABackwardJump() {
        long wrapMicros = (1L << 33) * 1_000_000 / 90_000;           // 33-bit 90 kHz clock, in microseconds
        StreamClock clock = new StreamClock(40, 5_000, 0);
        clock.advance(wrapMicros - 80_000, 0, false);
        clock.advance(wrapMicros - 40_000, 0, false);
        StreamClock.Tick wrapped = clock.advance(0, 0, false);
        assertThat(wrapped.isDiscontinuity()).isTrue();
        assertThat(wrapped.offsetMs()).isEqualTo(80);
    }

    @Test
    void liveForwardJumpsThatMatchTheWallClockAreNotDiscontinuities() {
        StreamClock clock = new StreamClock(40, 5_000, 1_000);
        assertThat(clock.advance(0, 50_000, true).offsetMs()).isEqualTo(1_000);
        // the camera dropped 20 s of frames and 20 s of wall time passed: a real gap, no re-basing
        assertThat(clock.advance(20_000_000, 70_000, true)).isEqualTo(new StreamClock.Tick(21_000, 0));
        // a 60 s PTS jump within 40 ms of wall time: re-based to follow the wall clock
        StreamClock.Tick jump = clock.advance(80_000_000, 70_040, true);
        assertThat(jump.isDiscontinuity()).isTrue();
        assertThat(jump.offsetMs()).isEqualTo(21_040);
    }

    @Test
    void equalTimestampsNeverGoBackwards() {
        StreamClock clock = new StreamClock(40, 5_000, 0);
        clock.advance(1_000_000, 0, false);
        clock.advance(1_080_000, 0, false);
        assertThat(clock.advance(1_080_000, 0, false).offsetMs()).isEqualTo(80);
    }
}
