package io.sparsight.models.grounding;

import io.sparsight.models.tracks.TrackedObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A window of tracks as the track-grounding model sees it: {@code n} sample times spread evenly over the window (the
 * middle of each of n slices, as {@link GroundingWindow} samples frames), and up to {@code slots} tracks, those seen
 * at the most sample times. At each sample time a track is seen if it was reported in any frame of that slice, so a
 * single missed detection loses nothing; its box is the mean of its boxes in the slice (a detector's jitter
 * averages out), its pose and score those of the frame nearest the sample time. Each (sample, track) gets
 * {@value #FEATURES} features: seen or not, box centre and size, velocity and speed (in the object's own heights per
 * second, so near and far objects compare), detector score, aspect ratio, the nearest other object (distance,
 * direction, overlap), touching the frame's edge, the pose (keypoints relative to the box, with their scores), and
 * what changed since the sample before (seen before and after, change of speed and of aspect ratio: where an
 * object appears, stops, turns or falls).
 */
public final class TrackWindow {

    public static final int FEATURES = 72;
    private static final int POSE_OFFSET = 16;
    private static final int HAS_POSE = 67;
    private static final int CHANGES = 68;
    private static final float MIN_KEYPOINT_SCORE = 0.2f;

    /** The encoded window: features {@code (n, slots, FEATURES)} and each slot's class label (null when empty). */
    public record Encoded(float[] features, String[] labels) {}

    private TrackWindow() {}

    /**
     * @param frames every frame's tracked objects, at {@code fps}
     * @param aspect the frames' height over width
     */
    public static Encoded encode(List<List<TrackedObject>> frames, double fps, double aspect, double start,
            double length, int n, int slots) {
        List<Map<Integer, TrackedObject>> seen = new ArrayList<>(n);
        int radius = Math.max(0, (int) Math.floor((length / n * fps - 1) / 2)); // slices do not overlap
        for (int i = 0; i < n; i++) {
            int centre = (int) Math.floor((start + (i + 0.5) * length / n) * fps);
            Map<Integer, TrackedObject> nearest = new LinkedHashMap<>();
            Map<Integer, float[]> boxSums = new HashMap<>();
            for (int d = 0; d <= radius; d++) { // nearest frame first, earlier before later
                for (int f : d == 0 ? new int[] {centre} : new int[] {centre - d, centre + d}) {
                    if (f >= 0 && f < frames.size()) {
                        for (TrackedObject o : frames.get(f)) {
                            nearest.putIfAbsent(o.track(), o);
                            float[] sum = boxSums.computeIfAbsent(o.track(), t -> new float[5]);
                            sum[0] += o.x1();
                            sum[1] += o.y1();
                            sum[2] += o.x2();
                            sum[3] += o.y2();
                            sum[4]++;
                        }
                    }
                }
            }
            Map<Integer, TrackedObject> atSample = new LinkedHashMap<>();
            nearest.forEach((track, o) -> {
                float[] sum = boxSums.get(track);
                atSample.put(track, new TrackedObject(track, o.label(), sum[0] / sum[4], sum[1] / sum[4],
                        sum[2] / sum[4], sum[3] / sum[4], o.score(), o.keypoints()));
            });
            seen.add(atSample);
        }
        List<Integer> chosen = chooseTracks(seen, slots);
        float[] features = new float[n * slots * FEATURES];
        String[] labels = new String[slots];
        double step = length / n;
        for (int s = 0; s < chosen.size(); s++) {
            int track = chosen.get(s);
            TrackedObject previous = null;
            int previousSample = -1;
            for (int i = 0; i < n; i++) {
                TrackedObject o = seen.get(i).get(track);
                if (o == null) {
                    continue;
                }
                labels[s] = o.label();
                int offset = (i * slots + s) * FEATURES;
                describe(o, previous, (i - previousSample) * step, seen.get(i), aspect, features, offset);
                if (previous != null) {
                    int before = (previousSample * slots + s) * FEATURES;
                    features[offset + CHANGES + 2] = features[offset + 8] - features[before + 8];
                    features[offset + CHANGES + 3] = features[offset + 10] - features[before + 10];
                }
                features[offset + CHANGES] = i > 0 && seen.get(i - 1).containsKey(track) ? 1 : 0;
                features[offset + CHANGES + 1] = i < n - 1 && seen.get(i + 1).containsKey(track) ? 1 : 0;
                previous = o;
                previousSample = i;
            }
        }
        return new Encoded(features, labels);
    }

    /**
     * The tracks that get a slot: the longest-seen track of each class first (a cyclist among a dozen walkers keeps
     * its slot), then the rest by how many samples see them; in that order of rank (most samples, seen first, id).
     */
    static List<Integer> chooseTracks(List<Map<Integer, TrackedObject>> seen, int slots) {
        Map<Integer, Integer> counts = new HashMap<>();
        Map<Integer, Integer> firstSeen = new HashMap<>();
        Map<Integer, String> labels = new HashMap<>();
        for (int i = 0; i < seen.size(); i++) {
            for (Map.Entry<Integer, TrackedObject> e : seen.get(i).entrySet()) {
                counts.merge(e.getKey(), 1, Integer::sum);
                firstSeen.putIfAbsent(e.getKey(), i);
                labels.putIfAbsent(e.getKey(), e.getValue().label());
            }
        }
        List<Integer> ranked = counts.keySet().stream()
                .sorted(Comparator.<Integer>comparingInt(counts::get).reversed()
                        .thenComparingInt(firstSeen::get).thenComparingInt(t -> t))
                .toList();
        Set<Integer> chosen = new HashSet<>();
        Set<String> classes = new HashSet<>();
        for (int track : ranked) {
            if (chosen.size() < slots && classes.add(labels.get(track))) {
                chosen.add(track);
            }
        }
        for (int track : ranked) {
            if (chosen.size() < slots) {
                chosen.add(track);
            }
        }
        return ranked.stream().filter(chosen::contains).toList();
    }

    private static void describe(TrackedObject o, TrackedObject previous, double dt, Map<Integer, TrackedObject> all,
            double aspect, float[] f, int at) {
        float h = Math.max(1e-3f, o.height());
        f[at] = 1;
        f[at + 1] = o.centreX();
        f[at + 2] = o.centreY();
        f[at + 3] = o.width();
        f[at + 4] = o.height();
        if (previous != null) {
            double vx = (o.centreX() - previous.centreX()) / aspect / dt / h;
            double vy = (o.centreY() - previous.centreY()) / dt / h;
            f[at + 5] = clip(vx, 5);
            f[at + 6] = clip(vy, 5);
            f[at + 7] = 1;
            f[at + 8] = (float) Math.log1p(Math.hypot(f[at + 5], f[at + 6]));
        }
        f[at + 9] = o.score();
        f[at + 10] = clip(Math.log(Math.max(1e-3, o.width() / aspect) / h), 2);
        TrackedObject nearest = null;
        double nearestDistance = Double.MAX_VALUE;
        float overlap = 0;
        for (TrackedObject other : all.values()) {
            if (other.track() == o.track()) {
                continue;
            }
            double d = Math.hypot((other.centreX() - o.centreX()) / aspect, other.centreY() - o.centreY()) / h;
            if (d < nearestDistance) {
                nearestDistance = d;
                nearest = other;
            }
            overlap = Math.max(overlap, iou(o, other));
        }
        if (nearest != null) {
            f[at + 11] = (float) Math.min(nearestDistance, 5) / 5;
            f[at + 12] = clip((nearest.centreX() - o.centreX()) / aspect / h, 3) / 3;
            f[at + 13] = clip((nearest.centreY() - o.centreY()) / h, 3) / 3;
        } else {
            f[at + 11] = 1;
        }
        f[at + 14] = overlap;
        f[at + 15] = o.x1() < 0.01f || o.x2() > 0.99f ? 1 : 0;
        if (o.hasPose()) {
            float[] k = o.keypoints();
            float w = Math.max(1e-3f, o.width());
            for (int i = 0; i < TrackedObject.KEYPOINTS; i++) {
                float score = k[3 * i + 2];
                if (score >= MIN_KEYPOINT_SCORE) {
                    f[at + POSE_OFFSET + 3 * i] = clip((k[3 * i] - o.x1()) / w, 2);
                    f[at + POSE_OFFSET + 3 * i + 1] = clip((k[3 * i + 1] - o.y1()) / h, 2);
                    f[at + POSE_OFFSET + 3 * i + 2] = score;
                }
            }
            f[at + HAS_POSE] = 1;
        }
    }

    private static float iou(TrackedObject a, TrackedObject b) {
        float w = Math.max(0, Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1()));
        float h = Math.max(0, Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1()));
        float inter = w * h;
        float union = a.width() * a.height() + b.width() * b.height() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static float clip(double v, double limit) {
        return (float) Math.max(-limit, Math.min(limit, v));
    }
}
