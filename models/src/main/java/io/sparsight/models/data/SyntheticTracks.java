package io.sparsight.models.data;

import io.sparsight.models.data.SyntheticGrounding.Split;
import io.sparsight.models.tracks.TrackVideo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic track-grounding dataset: simulated cameras seen through a detector, tracker and pose model (their
 * {@link TrackNoise}), each scene built around one event (COCO-class objects that enter, leave, stop, run, turn back,
 * meet, follow, ride a bicycle, carry a bag, cross the scene; people who bend down, wave, throw, fall) with the
 * sentence that describes it and its moment. Split as {@link SyntheticGrounding} splits (train, val, test, and a
 * paraphrase split whose wordings training never sees). Deterministic for a seed.
 */
public final class SyntheticTracks {

    /** One generated video: its id, split, what the tracker reports, and its query. */
    public record Video(String id, Split split, TrackVideo tracks, GroundingSample query, String action) {}

    public static final double FPS = TrackScenes.FPS;
    public static final double SECONDS = TrackScenes.SECONDS;

    private SyntheticTracks() {}

    /** {@code videos} videos in all (at least one per split), ids {@code trk00000 ...}. */
    public static List<Video> generate(int videos, long seed, TrackNoise noise) {
        if (videos < Split.values().length) {
            throw new IllegalArgumentException("need at least " + Split.values().length + " videos, one per split");
        }
        Random random = new Random(seed);
        List<Video> out = new ArrayList<>();
        int index = 0;
        for (Split split : Split.values()) {
            for (int i = 0; i < split.videos(videos); i++, index++) {
                out.add(video(String.format("trk%05d", index), split, noise, random));
            }
        }
        return out;
    }

    private static Video video(String id, Split split, TrackNoise noise, Random random) {
        TrackScenes.Scripted scripted = TrackScenes.random(random);
        TrackVideo tracks = scripted.scene().render(id, noise, random);
        TrackScenes.Event event = scripted.event();
        GroundingSample query = new GroundingSample(id, event.moment(),
                TrackSentences.describe(event, split.style(), random), tracks.seconds());
        return new Video(id, split, tracks, query, event.action().name().toLowerCase(java.util.Locale.ROOT));
    }
}
