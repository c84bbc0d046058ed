package io.sparsight.operators.motion;

import io.sparsight.operators.events.SpanTracker;

import java.io.Serializable;

/**
 * Settings of the motion stage. Scores are changed-pixel fractions in [0, 1] between sampled frames about 0.2 s
 * apart (consecutive ones at 5 fps or less; every 2nd at 10 fps; see {@link MotionScorer} and
 * {@code MotionSpanFunction.MIN_COMPARE_GAP_MS}); a span opens at {@code enterThreshold}, stays open down to {@code exitThreshold}, closes after
 * {@code quietMs} below it, and is kept if it lasts at least {@code minDurationMs}. A camera that sends no frame
 * for {@code idleCloseMs} (event time) has its open span closed.
 */
public record MotionConfig(
        int pixelThreshold,
        double enterThreshold,
        double exitThreshold,
        long minDurationMs,
        long quietMs,
        long idleCloseMs)
        implements Serializable {

    /**
     * Defaults for a walkway-like scene at about 180x120: people walking change about 1% of the pixels between
     * frames 0.2 s apart, a vehicle crossing 1.5 to 3%. Busy scenes need higher thresholds; tune per camera.
     */
    public static MotionConfig defaults() {
        return new MotionConfig(MotionScorer.DEFAULT_PIXEL_THRESHOLD, 0.012, 0.010, 400, 600, 5_000);
    }

    public MotionConfig {
        if (pixelThreshold < 0 || pixelThreshold > 254) {
            throw new IllegalArgumentException("motion pixel threshold must be in 0..254, got " + pixelThreshold);
        }
        if (enterThreshold <= 0 || enterThreshold > 1 || exitThreshold < 0 || exitThreshold > enterThreshold) {
            throw new IllegalArgumentException("motion thresholds must satisfy 0 <= exit <= enter <= 1 and enter > 0, got enter="
                    + enterThreshold + " exit=" + exitThreshold);
        }
        if (idleCloseMs <= 0) {
            throw new IllegalArgumentException("motion idle-close time must be > 0 ms, got " + idleCloseMs);
        }
    }

    public SpanTracker tracker() {
        return new SpanTracker(enterThreshold, exitThreshold, minDurationMs, quietMs);
    }
}
