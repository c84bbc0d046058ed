package io.sparsight.operators.anomaly;

import java.util.ArrayList;
import java.util.List;

/**
 * Which object reading a frame score is fused with, free of Flink ({@link ObjectFusion} keeps the lists in keyed
 * state): a camera's frame scores wait, in order, until its object readings up to their stream offset are all in,
 * which is when a reading at or after the offset has come (the object stage sends a camera's readings in order) or
 * when event time has passed the frame (the object stage sends what it holds before a watermark). Then each takes
 * the latest reading of its stream at or before it (the object stage skips still frames: nothing moved since), or
 * none (a run of a stream: its id and start). The same scores and readings give the same fusion whatever order the
 * two streams arrive in.
 */
final class ObjectScoreAlignment {

    private ObjectScoreAlignment() {}

    /**
     * Removes from {@code pending} (oldest first) the scores whose readings are all in, fused, and returns them; then
     * drops the readings no waiting or later score can take.
     *
     * @param eventTimeMs event time reached (the watermark), or {@link Long#MIN_VALUE}
     */
    static List<FrameScore> resolve(List<FrameScore> pending, List<ObjectReading> readings, long eventTimeMs) {
        List<FrameScore> resolved = new ArrayList<>();
        while (!pending.isEmpty()) {
            FrameScore score = pending.get(0);
            boolean complete = score.captureTimeMs <= eventTimeMs;
            ObjectReading taken = null;
            for (ObjectReading r : readings) {
                if (!sameRun(r, score)) {
                    continue;
                }
                if (r.offsetMs >= score.streamOffsetMs) {
                    complete = true;
                }
                if (r.offsetMs <= score.streamOffsetMs) {
                    taken = r;
                }
            }
            if (!complete) {
                break;
            }
            pending.remove(0);
            fuse(score, taken);
            resolved.add(score);
        }
        prune(readings, pending, resolved);
        return resolved;
    }

    static void fuse(FrameScore score, ObjectReading reading) {
        score.objectsFused = true;
        score.objectScore = reading == null ? 0 : reading.score;
        score.object = reading == null || reading.className == null ? null : reading;
    }

    /**
     * Keeps, of the next score's run of the stream, the latest reading at or before it and every later one; and the
     * readings of later runs (a camera restarted, a file read again).
     */
    private static void prune(List<ObjectReading> readings, List<FrameScore> pending, List<FrameScore> resolved) {
        FrameScore next = !pending.isEmpty() ? pending.get(0)
                : !resolved.isEmpty() ? resolved.get(resolved.size() - 1) : null;
        if (next == null) {
            return;
        }
        int lastUsable = -1;
        for (int i = 0; i < readings.size(); i++) {
            if (sameRun(readings.get(i), next) && readings.get(i).offsetMs <= next.streamOffsetMs) {
                lastUsable = i;
            }
        }
        List<ObjectReading> kept = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            ObjectReading r = readings.get(i);
            if (sameRun(r, next) ? i >= lastUsable : r.streamStartMs > next.streamStartMs) {
                kept.add(r);
            }
        }
        readings.clear();
        readings.addAll(kept);
    }

    /** Whether the reading is of the score's run of the stream. */
    static boolean sameRun(ObjectReading reading, FrameScore score) {
        return reading.streamId == score.streamId && reading.streamStartMs == score.streamStartMs;
    }
}
