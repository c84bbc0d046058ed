package io.sparsight.operators.events;

import java.io.Serializable;

/**
 * Turns a per-frame score into spans with hysteresis: a span opens when the score reaches the enter threshold,
 * stays open while it is at or above the (lower) exit threshold, and closes once it has stayed below the exit
 * threshold for {@code quietMs}. Spans shorter than {@code minDurationMs} are dropped as flicker.
 *
 * <p>Pure logic: the open span lives in a {@link SpanState} the caller keeps (Flink keyed state).
 */
public final class SpanTracker implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double enterThreshold;
    private final double exitThreshold;
    private final long minDurationMs;
    private final long quietMs;

    public SpanTracker(double enterThreshold, double exitThreshold, long minDurationMs, long quietMs) {
        if (exitThreshold > enterThreshold) {
            throw new IllegalArgumentException("the exit threshold (" + exitThreshold
                    + ") must not be above the enter threshold (" + enterThreshold + ")");
        }
        if (minDurationMs < 0 || quietMs < 0) {
            throw new IllegalArgumentException("minimum duration and quiet time must be >= 0 ms");
        }
        this.enterThreshold = enterThreshold;
        this.exitThreshold = exitThreshold;
        this.minDurationMs = minDurationMs;
        this.quietMs = quietMs;
    }

    /**
     * Feeds one frame's score. Returns the span this frame closes, or null (nothing closed, or it was too short).
     */
    public Span update(SpanState state, double score, long offsetMs, long timeMs) {
        if (!state.open) {
            if (score >= enterThreshold) {
                state.start(score, offsetMs, timeMs);
            }
            return null;
        }
        if (score >= exitThreshold) {
            state.extend(score, offsetMs, timeMs);
            return null;
        }
        if (offsetMs - state.lastActiveOffsetMs >= quietMs) {
            return close(state);
        }
        return null;
    }

    /** Closes the open span, if any, at the end of the stream or when the camera goes quiet. */
    public Span flush(SpanState state) {
        return state.open ? close(state) : null;
    }

    private Span close(SpanState state) {
        Span span = state.closeSpan();
        return span.durationMs() >= minDurationMs ? span : null;
    }
}
