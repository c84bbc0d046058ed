package io.sparsight.operators.objects;

import io.sparsight.models.detection.Detection;

import java.util.Arrays;

/**
 * One object followed through a camera's detections by the {@link ObjectTracker}: its class, its last box and
 * velocity, when it was first and last seen, its best detection, a compact path, and the zones it is in and has
 * visited. A Flink POJO (public fields, no-arg constructor), kept per camera in keyed state.
 *
 * <p>A track is tentative until it has been matched {@link ObjectTracker.Settings#minHits()} times; it gets its id
 * (from 1, per camera) when it is confirmed, so ids count the objects a camera saw, not its false starts.
 */
public class Track {

    /** Most points a path keeps; a longer path keeps every other point and doubles its spacing. */
    public static final int MAX_PATH_POINTS = 64;
    /** Points of a new path are at least this far apart in time. */
    static final long PATH_SPACING_MS = 500;

    /** 0 while tentative, then the camera's track number. */
    public int id;
    public int classId;
    /** The last matched box, in the camera's analysis pixels. */
    public float x1;
    public float y1;
    public float x2;
    public float y2;
    /** Velocity of the box centre, pixels per millisecond, smoothed over matches. */
    public float vx;
    public float vy;
    /** Capture time (epoch ms) and stream offset of the first and last matched detection. */
    public long firstMs;
    public long lastMs;
    public long firstOffsetMs;
    public long lastOffsetMs;
    public int hits;
    /** Detections in a row that did not match this track. */
    public int misses;
    public float bestScore;
    /** The box of the best detection and when it was seen (epoch ms). */
    public float[] bestBox;
    public long bestMs;
    /** The path: triples of (ms after {@link #firstMs}, centre x, bottom y), one every {@link #pathSpacingMs}. */
    public float[] path;
    public long pathSpacingMs;
    /** Zones (bits by zone index) the track is in now, has been in, and has been reported loitering in. */
    public long zonesInside;
    public long zonesVisited;
    public long zonesLoitered;
    /** Per zone index: when the track entered it (epoch ms), while inside. */
    public long[] zoneEnteredMs;

    public Track() {}

    /** A tentative track from its first detection. */
    static Track start(Detection detection, long timeMs, long offsetMs, int zones) {
        Track track = new Track();
        track.classId = detection.classId();
        track.setBox(detection);
        track.firstMs = timeMs;
        track.firstOffsetMs = offsetMs;
        track.lastMs = timeMs;
        track.lastOffsetMs = offsetMs;
        track.hits = 1;
        track.bestScore = detection.score();
        track.bestBox = box(detection);
        track.bestMs = timeMs;
        track.path = new float[] {0, track.centreX(), track.y2};
        track.pathSpacingMs = PATH_SPACING_MS;
        track.zoneEnteredMs = new long[zones];
        return track;
    }

    public boolean confirmed() {
        return id > 0;
    }

    public float centreX() {
        return (x1 + x2) / 2;
    }

    public float centreY() {
        return (y1 + y2) / 2;
    }

    /** The box moved on by the track's velocity to {@code timeMs} (at most {@code maxAheadMs} ahead of its last). */
    Detection predicted(long timeMs, long maxAheadMs) {
        long dt = Math.min(Math.max(0, timeMs - lastMs), maxAheadMs);
        float dx = vx * dt;
        float dy = vy * dt;
        return new Detection(classId, bestScore, x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }

    /** Takes a matched detection: box, velocity (smoothed by half), best, path. */
    void matched(Detection detection, long timeMs, long offsetMs) {
        long dt = timeMs - lastMs;
        if (dt > 0) {
            float measuredVx = ((detection.x1() + detection.x2()) / 2 - centreX()) / dt;
            float measuredVy = ((detection.y1() + detection.y2()) / 2 - centreY()) / dt;
            vx = hits == 1 ? measuredVx : (vx + measuredVx) / 2;
            vy = hits == 1 ? measuredVy : (vy + measuredVy) / 2;
        }
        setBox(detection);
        lastMs = timeMs;
        lastOffsetMs = offsetMs;
        hits++;
        misses = 0;
        if (detection.score() > bestScore) {
            bestScore = detection.score();
            bestBox = box(detection);
            bestMs = timeMs;
        }
        addPathPoint(timeMs);
    }

    private void addPathPoint(long timeMs) {
        float at = timeMs - firstMs;
        if (at - path[path.length - 3] < pathSpacingMs) {
            return;
        }
        if (path.length / 3 == MAX_PATH_POINTS) {
            float[] halved = new float[(MAX_PATH_POINTS / 2) * 3];
            for (int p = 0; p < MAX_PATH_POINTS / 2; p++) {
                System.arraycopy(path, p * 2 * 3, halved, p * 3, 3);
            }
            path = halved;
            pathSpacingMs *= 2;
            if (at - path[path.length - 3] < pathSpacingMs) {
                return;
            }
        }
        float[] longer = Arrays.copyOf(path, path.length + 3);
        longer[path.length] = at;
        longer[path.length + 1] = centreX();
        longer[path.length + 2] = y2;
        path = longer;
    }

    private void setBox(Detection detection) {
        x1 = detection.x1();
        y1 = detection.y1();
        x2 = detection.x2();
        y2 = detection.y2();
    }

    private static float[] box(Detection detection) {
        return new float[] {detection.x1(), detection.y1(), detection.x2(), detection.y2()};
    }

    @Override
    public String toString() {
        return "Track{" + (confirmed() ? "#" + id : "tentative") + " class " + classId + " [" + x1 + "," + y1 + ","
                + x2 + "," + y2 + "] hits " + hits + " misses " + misses + "}";
    }
}
