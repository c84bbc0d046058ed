package io.sparsight.operators.events;

/**
 * The part of a {@link SpanTracker} that lives in Flink keyed state: the span that is open, if any. A Flink POJO.
 */
public class SpanState {

    public boolean open;
    public long startOffsetMs;
    public long startTimeMs;
    public long lastActiveOffsetMs;
    public long lastActiveTimeMs;
    public double peakScore;
    /** Wall-clock time of the frame with the peak score (the first such frame). */
    public long peakTimeMs;
    public double scoreSum;
    public int frames;

    public SpanState() {}

    void start(double score, long offsetMs, long timeMs) {
        open = true;
        startOffsetMs = offsetMs;
        startTimeMs = timeMs;
        peakScore = 0;
        scoreSum = 0;
        frames = 0;
        extend(score, offsetMs, timeMs);
    }

    void extend(double score, long offsetMs, long timeMs) {
        lastActiveOffsetMs = offsetMs;
        lastActiveTimeMs = timeMs;
        if (frames == 0 || score > peakScore) {
            peakScore = score;
            peakTimeMs = timeMs;
        }
        scoreSum += score;
        frames++;
    }

    Span closeSpan() {
        Span span = new Span(startOffsetMs, lastActiveOffsetMs, startTimeMs, lastActiveTimeMs, peakScore,
                frames == 0 ? 0 : scoreSum / frames, frames, peakTimeMs);
        open = false;
        return span;
    }
}
