package io.sparsight.operators.grounding;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The window, merge and edge rules of the grounding stage, free of Flink ({@link MomentDetector} keeps the state and
 * calls the model): which frames a window samples, which frames the next window still needs, the last window of a
 * stream that ends, where a detection lies in stream time and whether its window cut it, and when an open moment is
 * over.
 */
final class MomentWindows implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A detection this close to its window's start or end (fraction of the window) may be cut by it. */
    static final double EDGE = 0.04;

    private final long windowMs;
    private final long strideMs;
    private final long mergeGapMs;

    MomentWindows(GroundingConfig config) {
        this(config.windowMs(), config.strideMs(), config.mergeGapMs());
    }

    MomentWindows(long windowMs, long strideMs, long mergeGapMs) {
        this.windowMs = windowMs;
        this.strideMs = strideMs;
        this.mergeGapMs = mergeGapMs;
    }

    /** A detection in stream time: where it lies, and whether its window's edges may have cut it. */
    record Detection(long fromMs, long toMs, boolean cut) {}

    /** The end of a camera's first window, given its first frame. */
    long firstWindowEnd(long firstFrameOffsetMs) {
        return firstFrameOffsetMs + windowMs;
    }

    /**
     * Whether a frame at {@code nextOffsetMs} after one at {@code lastOffsetMs} leaves a gap no window can span: the
     * stream before it is read to its end, and windows start again from the frame.
     */
    boolean isGap(long lastOffsetMs, long nextOffsetMs) {
        return nextOffsetMs - lastOffsetMs > windowMs;
    }

    long windowStart(long windowEndMs) {
        return windowEndMs - windowMs;
    }

    long nextWindowEnd(long windowEndMs) {
        return windowEndMs + strideMs;
    }

    /**
     * The {@code frames} frames that stand for {@code [start, end)}, as the model samples: the latest frame at or
     * before the middle of each of {@code frames} equal slices (the first frame when none is).
     */
    static List<WindowFrame> sample(List<WindowFrame> buffered, long start, long end, int frames) {
        List<WindowFrame> sampled = new ArrayList<>(frames);
        long length = end - start;
        for (int i = 0; i < frames; i++) {
            sampled.add(latestAtOrBefore(buffered, start + (i + 0.5) * length / frames));
        }
        return sampled;
    }

    private static WindowFrame latestAtOrBefore(List<WindowFrame> buffered, double t) {
        WindowFrame chosen = buffered.get(0);
        for (WindowFrame f : buffered) {
            if (f.offsetMs <= t) {
                chosen = f;
            } else {
                break;
            }
        }
        return chosen;
    }

    /** What the window after the one ending at {@code end} still needs: its frames, and the latest one before it. */
    List<WindowFrame> keptAfter(List<WindowFrame> buffered, long end) {
        long keepFrom = end + strideMs - windowMs;
        List<WindowFrame> kept = new ArrayList<>();
        for (int i = 0; i < buffered.size(); i++) {
            boolean neededAsLatestBefore = i + 1 < buffered.size() && buffered.get(i + 1).offsetMs > keepFrom;
            if (buffered.get(i).offsetMs >= keepFrom || neededAsLatestBefore) {
                kept.add(buffered.get(i));
            }
        }
        return kept;
    }

    /**
     * The last window of a stream that ended, {start, end}: up to a window back from its last frame; null when that
     * is shorter than half a window, or the stream's frames were all read by a window already.
     *
     * @param lastEvaluatedEnd the end of the last window read, or null
     */
    long[] lastWindow(List<WindowFrame> buffered, Long lastFrameOffset, Long lastEvaluatedEnd) {
        if (lastFrameOffset == null || buffered.isEmpty()
                || (lastEvaluatedEnd != null && lastFrameOffset < lastEvaluatedEnd)) {
            return null;
        }
        long end = lastFrameOffset + 1;
        long start = Math.max(buffered.get(0).offsetMs, end - windowMs);
        return end - start >= windowMs / 2 ? new long[] {start, end} : null;
    }

    /** A moment the model placed at {@code [startFraction, endFraction]} of the window {@code [start, end)}. */
    static Detection detection(long start, long end, double startFraction, double endFraction) {
        long length = end - start;
        long from = start + Math.round(startFraction * length);
        long to = start + Math.round(endFraction * length);
        boolean cut = from - start < length * EDGE || end - to < length * EDGE;
        return new Detection(from, to, cut);
    }

    /** Whether the detection belongs to the open moment (overlaps it or follows within the merge gap). */
    boolean continues(OpenMoment moment, Detection detection) {
        return moment.continuedBy(detection.fromMs(), mergeGapMs);
    }

    /** Whether no window from {@code windowStart} on can extend the moment any more: it is over. */
    boolean isOver(OpenMoment moment, long windowStart) {
        return moment.spanEndMs + mergeGapMs < windowStart;
    }
}
