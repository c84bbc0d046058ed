package io.sparsight.operators.events;

/**
 * A closed span of time in one stream where a score stayed high: offsets in the stream and wall-clock times,
 * the peak and mean score, and how many frames it covered.
 */
public record Span(
        long startOffsetMs,
        long endOffsetMs,
        long startTimeMs,
        long endTimeMs,
        double peakScore,
        double meanScore,
        int frames) {

    public long durationMs() {
        return endOffsetMs - startOffsetMs;
    }
}
