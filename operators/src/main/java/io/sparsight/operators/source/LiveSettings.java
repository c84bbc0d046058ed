package io.sparsight.operators.source;

import java.io.Serializable;

/**
 * How a live camera is watched: FFmpeg's open and read timeout (so no read blocks longer), how long without a frame
 * means stalled, the reconnect backoff (exponential with jitter, capped), and how many frames may wait between the
 * camera's thread and Flink before the oldest are dropped.
 */
public record LiveSettings(
        long ioTimeoutMs, long stallTimeoutMs, long backoffInitialMs, long backoffMaxMs, int queueCapacity)
        implements Serializable {

    public static LiveSettings defaults() {
        return new LiveSettings(5_000, 10_000, 500, 10_000, 16);
    }

    public LiveSettings {
        if (ioTimeoutMs <= 0 || stallTimeoutMs <= 0) {
            throw new IllegalArgumentException("live camera timeouts must be > 0 ms");
        }
        if (backoffInitialMs <= 0 || backoffMaxMs < backoffInitialMs) {
            throw new IllegalArgumentException("reconnect backoff must satisfy 0 < initial <= max, got initial="
                    + backoffInitialMs + "ms max=" + backoffMaxMs + "ms");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("live queue capacity must be >= 1, got " + queueCapacity);
        }
    }
}
