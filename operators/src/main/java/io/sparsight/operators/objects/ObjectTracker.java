package io.sparsight.operators.objects;

import io.sparsight.models.detection.Detection;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A ByteTrack-style tracker for one camera: each detection step matches the tracks, moved on by their velocity, to
 * the new detections by box overlap, first to the confident detections, then the tracks still unmatched to the
 * weak ones (a person half hidden keeps their track on a weak detection instead of losing it); a confident
 * detection that matches nothing starts a tentative track, confirmed after {@link Settings#minHits()} matches; a
 * tentative track that misses once is dropped, a confirmed one ends after {@link Settings#maxMisses()} misses in a
 * row. Matching is greedy by overlap (ties by track, then by detection order), within one class. Flink-free and
 * deterministic: the state is the list of tracks and the next id, which the caller keeps.
 */
public final class ObjectTracker {

    /**
     * @param highScore detections at least this confident are matched first and may start tracks; weaker ones only
     *                  keep confirmed tracks going
     * @param matchIou  a track and a confident detection match when their boxes overlap at least this (IoU)
     * @param weakMatchIou  ... and a weak detection, at least this
     * @param minHits   matches that confirm a track
     * @param maxMisses detection steps in a row without a match that end a confirmed track
     * @param maxPredictionMs a track is moved on by its velocity for at most this long
     */
    public record Settings(float highScore, float matchIou, float weakMatchIou, int minHits, int maxMisses,
            long maxPredictionMs) implements Serializable {

        /** Detections of 0.4 and more are confident; overlaps of 0.3 (0.5 for weak ones); 3 hits; 5 misses; 1 s. */
        public static Settings defaults(float highScore) {
            return new Settings(highScore, 0.3f, 0.5f, 3, 5, 1000);
        }

        public Settings {
            if (minHits < 1 || maxMisses < 1) {
                throw new IllegalArgumentException("tracks need minHits >= 1 and maxMisses >= 1, got " + minHits
                        + " and " + maxMisses);
            }
            if (matchIou <= 0 || matchIou > 1 || weakMatchIou <= 0 || weakMatchIou > 1) {
                throw new IllegalArgumentException("match overlaps must be in (0, 1], got " + matchIou + " and "
                        + weakMatchIou);
            }
        }
    }

    /**
     * What one step changed: tracks confirmed in it (they now have ids), tracks that ended in it (confirmed ones
     * only; a tentative track just goes), and the next id to give.
     */
    public record Step(List<Track> confirmed, List<Track> ended, int nextId) {}

    private final Settings settings;
    private final int zones;

    /** @param zones how many zones the camera has (each track keeps an entry time per zone) */
    public ObjectTracker(Settings settings, int zones) {
        this.settings = settings;
        this.zones = zones;
    }

    /**
     * One detection step at {@code timeMs} (capture time) / {@code offsetMs} (stream offset): updates {@code tracks}
     * in place (matched, started, dropped, ended) with the frame's {@code detections}.
     */
    public Step update(List<Track> tracks, int nextId, List<Detection> detections, long timeMs, long offsetMs) {
        List<Detection> confident = new ArrayList<>();
        List<Detection> weak = new ArrayList<>();
        for (Detection d : detections) {
            (d.score() >= settings.highScore() ? confident : weak).add(d);
        }
        List<Detection> predicted = new ArrayList<>(tracks.size());
        for (Track track : tracks) {
            predicted.add(track.predicted(timeMs, settings.maxPredictionMs()));
        }
        boolean[] trackMatched = new boolean[tracks.size()];
        boolean[] confidentUsed = new boolean[confident.size()];
        match(tracks, predicted, trackMatched, confident, confidentUsed, settings.matchIou(), timeMs, offsetMs, false);
        match(tracks, predicted, trackMatched, weak, new boolean[weak.size()], settings.weakMatchIou(), timeMs,
                offsetMs, true);

        List<Track> confirmed = new ArrayList<>();
        List<Track> ended = new ArrayList<>();
        List<Track> kept = new ArrayList<>(tracks.size());
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            if (trackMatched[t]) {
                if (!track.confirmed() && track.hits >= settings.minHits()) {
                    track.id = nextId++;
                    confirmed.add(track);
                }
                kept.add(track);
                continue;
            }
            track.misses++;
            if (!track.confirmed()) {
                continue; // a false start
            }
            if (track.misses >= settings.maxMisses()) {
                ended.add(track);
            } else {
                kept.add(track);
            }
        }
        for (int d = 0; d < confident.size(); d++) {
            if (!confidentUsed[d]) {
                Track track = Track.start(confident.get(d), timeMs, offsetMs, zones);
                if (settings.minHits() == 1) {
                    track.id = nextId++;
                    confirmed.add(track);
                }
                kept.add(track);
            }
        }
        tracks.clear();
        tracks.addAll(kept);
        return new Step(confirmed, ended, nextId);
    }

    /** Ends every confirmed track (the camera went idle or its stream ended); returns them. */
    public static List<Track> endAll(List<Track> tracks) {
        List<Track> ended = new ArrayList<>();
        for (Track track : tracks) {
            if (track.confirmed()) {
                ended.add(track);
            }
        }
        tracks.clear();
        return ended;
    }

    private record Pair(int track, int detection, float iou) {}

    private static void match(List<Track> tracks, List<Detection> predicted, boolean[] trackMatched,
            List<Detection> detections, boolean[] used, float minIou, long timeMs, long offsetMs,
            boolean confirmedOnly) {
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            if (trackMatched[t] || (confirmedOnly && !tracks.get(t).confirmed())) {
                continue;
            }
            for (int d = 0; d < detections.size(); d++) {
                Detection detection = detections.get(d);
                if (detection.classId() != tracks.get(t).classId) {
                    continue;
                }
                float iou = predicted.get(t).iou(detection);
                if (iou >= minIou) {
                    pairs.add(new Pair(t, d, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou()).thenComparingInt(Pair::track)
                .thenComparingInt(Pair::detection));
        for (Pair pair : pairs) {
            if (!trackMatched[pair.track()] && !used[pair.detection()]) {
                trackMatched[pair.track()] = true;
                used[pair.detection()] = true;
                tracks.get(pair.track()).matched(detections.get(pair.detection()), timeMs, offsetMs);
            }
        }
    }
}
