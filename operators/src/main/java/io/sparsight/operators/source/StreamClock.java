package io.sparsight.operators.source;

/**
 * Turns a stream's presentation timestamps into offsets that never run backwards. A timestamp that jumps back
 * (a wrap of the 33-bit MPEG-TS clock, a concatenated file, an encoder restart) or forward by more than the jump
 * limit is a discontinuity: the clock re-bases so the frame follows the previous one by one frame interval, and
 * reports the jump. For live inputs the forward check compares with the wall clock, since a camera that dropped
 * frames legitimately jumps by the time that passed.
 *
 * <p>Pure logic; one per camera session.
 */
final class StreamClock {

    /** The result of one frame: its offset, and the jump re-based away (0 when none). */
    record Tick(long offsetMs, long discontinuityMs) {
        boolean isDiscontinuity() {
            return discontinuityMs != 0;
        }
    }

    private final long frameIntervalMs;
    private final long jumpLimitMs;
    private final long startOffsetMs;
    private boolean started;
    private long lastPtsMicros;
    private long lastWallMs;
    private long lastOffsetMs;
    private long shiftMs;
    private long basePtsMicros;

    /**
     * @param frameIntervalMs nominal time between frames (from the stream's frame rate)
     * @param jumpLimitMs larger differences from the expected time are discontinuities
     * @param startOffsetMs offset of the first frame (non-zero for a live camera's later sessions)
     */
    StreamClock(long frameIntervalMs, long jumpLimitMs, long startOffsetMs) {
        this.frameIntervalMs = Math.max(1, frameIntervalMs);
        this.jumpLimitMs = jumpLimitMs;
        this.startOffsetMs = startOffsetMs;
    }

    /**
     * @param ptsMicros the frame's presentation time in microseconds
     * @param wallMs when the frame arrived (only used for live inputs)
     * @param live whether the input is live
     */
    Tick advance(long ptsMicros, long wallMs, boolean live) {
        if (!started) {
            started = true;
            basePtsMicros = ptsMicros;
            shiftMs = startOffsetMs;
            remember(ptsMicros, wallMs, startOffsetMs);
            return new Tick(startOffsetMs, 0);
        }
        long ptsDeltaMs = Math.floorDiv(ptsMicros - lastPtsMicros, 1000);
        long expectedDeltaMs = live ? wallMs - lastWallMs : 0;
        boolean backwards = ptsMicros < lastPtsMicros;
        boolean tooFarAhead = live
                ? Math.abs(ptsDeltaMs - expectedDeltaMs) > jumpLimitMs && ptsDeltaMs > jumpLimitMs
                : ptsDeltaMs > jumpLimitMs;
        if (backwards || tooFarAhead) {
            long resumeAt = lastOffsetMs + (live ? Math.max(frameIntervalMs, expectedDeltaMs) : frameIntervalMs);
            basePtsMicros = ptsMicros;
            shiftMs = resumeAt;
            remember(ptsMicros, wallMs, resumeAt);
            return new Tick(resumeAt, ptsDeltaMs == 0 ? -1 : ptsDeltaMs);
        }
        long offset = Math.max(lastOffsetMs, shiftMs + Math.floorDiv(ptsMicros - basePtsMicros, 1000));
        remember(ptsMicros, wallMs, offset);
        return new Tick(offset, 0);
    }

    private void remember(long ptsMicros, long wallMs, long offsetMs) {
        lastPtsMicros = ptsMicros;
        lastWallMs = wallMs;
        lastOffsetMs = offsetMs;
    }

    long lastOffsetMs() {
        return lastOffsetMs;
    }
}
