package io.sparsight.operators.grounding;

/** A query's moment in a camera that later windows may still extend (keyed state). A Flink POJO. */
public class OpenMoment {

    public String text;
    /** Stream offsets, milliseconds. */
    public long startOffsetMs;
    public long endOffsetMs;
    /** Highest presence probability among its detections. */
    public double peakScore;
    /** Windows that detected it. */
    public int windows;

    public OpenMoment() {}

    OpenMoment(String text, long startOffsetMs, long endOffsetMs, double score) {
        this.text = text;
        this.startOffsetMs = startOffsetMs;
        this.endOffsetMs = endOffsetMs;
        this.peakScore = score;
        this.windows = 1;
    }

    /** Whether a detection starting at {@code startOffsetMs} continues this moment (overlaps or follows within gap). */
    boolean continuedBy(long startOffsetMs, long gapMs) {
        return startOffsetMs <= endOffsetMs + gapMs;
    }

    void extend(long start, long end, double score) {
        startOffsetMs = Math.min(startOffsetMs, start);
        endOffsetMs = Math.max(endOffsetMs, end);
        peakScore = Math.max(peakScore, score);
        windows++;
    }
}
