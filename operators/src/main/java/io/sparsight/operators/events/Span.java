package io.sparsight.operators.events;

/**
 * A closed span of time in one stream where a score stayed high: offsets in the stream and wall-clock times,
 * the peak and mean score, how many frames it covered, and when (wall clock) the peak was.
 */
public record Span(
        long startOffsetMs,
        long endOffsetMs,
        long startTimeMs,
        long endTimeMs,
        double peakScore,
        double meanScore,
        int frames,
        long peakTimeMs) {

    public long durationMs() {
        return endOffsetMs - startOffsetMs;
    }
}
