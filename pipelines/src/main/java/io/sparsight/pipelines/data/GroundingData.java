package io.sparsight.pipelines.data;

import io.sparsight.models.data.ActivityNetCaptions;
import io.sparsight.models.data.CharadesSta;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.VideoClip;
import io.sparsight.models.tracks.TrackFiles;
import io.sparsight.models.tracks.TrackVideo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grounding datasets on disk, one split at a time: the queries and their videos decoded at the model's size.
 * <ul>
 *   <li>{@code synthetic} (what {@code sparsight synth grounding} writes): {@code DIR/<split>/annotations.txt}
 *       (Charades-STA lines) and {@code DIR/<split>/videos/<id>.mp4}; splits train, val, test, paraphrase.</li>
 *   <li>{@code charades-sta}: {@code DIR/charades_sta_<split>.txt} and {@code DIR/videos/<id>.mp4}; splits train,
 *       test.</li>
 *   <li>{@code activitynet}: {@code DIR/<split>.json} (ActivityNet Captions) and {@code DIR/videos/<id>.mp4}; splits
 *       train, val_1, val_2.</li>
 * </ul>
 * The track-grounding model reads {@code tracks/<id>.json} where the layout has {@code videos/<id>.mp4}.
 */
public final class GroundingData {

    /** The dataset layouts. */
    public enum Format {
        SYNTHETIC("synthetic"), CHARADES_STA("charades-sta"), ACTIVITYNET("activitynet");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.label.equals(text.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown format '" + text + "': use synthetic, charades-sta or activitynet");
        }
    }

    /** One split: its queries and their videos by id. */
    public record Split(List<GroundingSample> queries, Map<String, VideoClip> clips) {}

    /** One split as the track-grounding model reads it: its queries and their videos' tracks by id. */
    public record TrackSplit(List<GroundingSample> queries, Map<String, TrackVideo> videos) {}

    private GroundingData() {}

    public static Split load(Path dir, Format format, String split, int width, int height) throws IOException {
        Path annotations = annotations(dir, format, split);
        List<GroundingSample> queries = queries(annotations, format, split);
        Path videos = videos(dir, format, split);
        Map<String, VideoClip> clips = new LinkedHashMap<>();
        for (GroundingSample q : queries) {
            if (!clips.containsKey(q.videoId())) {
                Path file = videos.resolve(q.videoId() + ".mp4");
                if (!Files.isRegularFile(file)) {
                    throw new IOException(annotations + " has a query on video '" + q.videoId() + "', but " + file
                            + " is missing");
                }
                clips.put(q.videoId(), ColourFrames.readVideo(file, q.videoId(), width, height));
            }
        }
        return new Split(queries, clips);
    }

    /** Makes a video's tracks from its file (decoding, detecting and tracking it). */
    @FunctionalInterface
    public interface VideoTracker {
        TrackVideo track(Path video, String id) throws IOException;
    }

    /**
     * A split's queries and their videos' tracks, from {@code tracks/<id>.json} beside where the layout keeps its
     * videos ({@code DIR/<split>/tracks} for synthetic, {@code DIR/tracks} otherwise), as {@code sparsight synth
     * tracks} writes them.
     */
    public static TrackSplit loadTracks(Path dir, Format format, String split) throws IOException {
        return loadTracks(dir, format, split, null);
    }

    /**
     * As {@link #loadTracks(Path, Format, String)}; a video without a tracks file but with its video file is
     * tracked by {@code tracker} (when not null).
     */
    public static TrackSplit loadTracks(Path dir, Format format, String split, VideoTracker tracker)
            throws IOException {
        Path annotations = annotations(dir, format, split);
        List<GroundingSample> queries = queries(annotations, format, split);
        Path tracks = format == Format.SYNTHETIC ? dir.resolve(split).resolve("tracks") : dir.resolve("tracks");
        Map<String, TrackVideo> videos = new LinkedHashMap<>();
        for (GroundingSample q : queries) {
            if (!videos.containsKey(q.videoId())) {
                Path file = tracks.resolve(q.videoId() + ".json");
                Path video = videos(dir, format, split).resolve(q.videoId() + ".mp4");
                if (Files.isRegularFile(file)) {
                    videos.put(q.videoId(), TrackFiles.read(file));
                } else if (tracker != null && Files.isRegularFile(video)) {
                    videos.put(q.videoId(), tracker.track(video, q.videoId()));
                } else {
                    throw new IOException(annotations + " has a query on video '" + q.videoId() + "', but neither "
                            + file + " nor " + video + " is there");
                }
            }
        }
        return new TrackSplit(queries, videos);
    }

    private static List<GroundingSample> queries(Path annotations, Format format, String split) throws IOException {
        if (!Files.isRegularFile(annotations)) {
            throw new IOException("no " + split + " split: " + annotations + " is missing (" + format.label()
                    + " layout: see 'sparsight train grounding --help')");
        }
        return format == Format.ACTIVITYNET ? ActivityNetCaptions.read(annotations) : CharadesSta.read(annotations);
    }

    private static Path videos(Path dir, Format format, String split) {
        return format == Format.SYNTHETIC ? dir.resolve(split).resolve("videos") : dir.resolve("videos");
    }

    static Path annotations(Path dir, Format format, String split) {
        return switch (format) {
            case SYNTHETIC -> dir.resolve(split).resolve("annotations.txt");
            case CHARADES_STA -> dir.resolve("charades_sta_" + split + ".txt");
            case ACTIVITYNET -> dir.resolve(split + ".json");
        };
    }
}
