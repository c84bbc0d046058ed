package io.sparsight.operators.grounding;

/**
 * A query's moment in a camera that later windows may still extend (keyed state). A Flink POJO.
 *
 * <p>Every window that detects it adds a detection. The detections together span {@code spanStartMs ..
 * spanEndMs} (what later detections must touch to belong to it); the moment reported is the best single detection:
 * one not cut by its window's edges before one that is, then the higher presence. Windows that see only part of a
 * moment place its ends at their own edges, so the union of all detections would run long.
 */
public class OpenMoment {

    public String text;
    /** The moment reported: the best detection's start and end, stream offsets in milliseconds. */
    public long startOffsetMs;
    public long endOffsetMs;
    /** The union of all its detections. */
    public long spanStartMs;
    public long spanEndMs;
    /** Highest presence probability among its detections. */
    public double peakScore;
    /** Presence of the detection reported, and whether its window cut it. */
    public double bestScore;
    public boolean bestCut;
    /** Windows that detected it. */
    public int windows;

    public OpenMoment() {}

    OpenMoment(String text, long startOffsetMs, long endOffsetMs, double score, boolean cut) {
        this.text = text;
        this.startOffsetMs = startOffsetMs;
        this.endOffsetMs = endOffsetMs;
        this.spanStartMs = startOffsetMs;
        this.spanEndMs = endOffsetMs;
        this.peakScore = score;
        this.bestScore = score;
        this.bestCut = cut;
        this.windows = 1;
    }

    /** Whether a detection starting at {@code startOffsetMs} belongs to this moment (overlaps or follows within gap). */
    boolean continuedBy(long startOffsetMs, long gapMs) {
        return startOffsetMs <= spanEndMs + gapMs;
    }

    /** Adds a detection; {@code cut}: it touches an edge of its window. */
    void add(long start, long end, double score, boolean cut) {
        spanStartMs = Math.min(spanStartMs, start);
        spanEndMs = Math.max(spanEndMs, end);
        peakScore = Math.max(peakScore, score);
        windows++;
        boolean better = bestCut && !cut || bestCut == cut && score > bestScore;
        if (better) {
            startOffsetMs = start;
            endOffsetMs = end;
            bestScore = score;
            bestCut = cut;
        }
    }
}
