package io.sparsight.models.data;

import io.sparsight.models.data.GroundingSentences.Style;
import io.sparsight.models.data.SyntheticScene.Action;
import io.sparsight.models.data.SyntheticScene.Actor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic grounding dataset: scenes and their queries, split into train, val, test (ordinary sentence
 * templates) and paraphrase (templates that never occur in the other splits). Deterministic for a seed.
 */
public final class SyntheticGrounding {

    /** The splits, with their share of the videos and the templates their sentences use. */
    public enum Split {
        TRAIN(0.7, Style.ORDINARY), VAL(0.1, Style.ORDINARY), TEST(0.1, Style.ORDINARY), PARAPHRASE(0.1, Style.PARAPHRASE);

        final double share;
        final Style style;

        Split(double share, Style style) {
            this.share = share;
            this.style = style;
        }

        /** How many of {@code videos} videos in all this split gets (every split at least one). */
        public int videos(int videos) {
            return this == TRAIN ? videos - (values().length - 1) * Math.max(1, (int) Math.round(videos * 0.1))
                    : Math.max(1, (int) Math.round(videos * share));
        }

        /** The sentence templates the split's queries are written with. */
        public Style style() {
            return style;
        }

        public String folder() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One generated video: its id, the scene to render, and its queries. */
    public record Video(String id, Split split, SyntheticScene scene, List<GroundingSample> queries) {}

    public static final int WIDTH = 160;
    public static final int HEIGHT = 120;
    public static final double FPS = 10;
    public static final double SECONDS = 12;

    private SyntheticGrounding() {}

    /** {@code videos} videos in all (at least one per split), ids {@code syn00000 ...}. */
    public static List<Video> generate(int videos, long seed) {
        if (videos < Split.values().length) {
            throw new IllegalArgumentException("need at least " + Split.values().length + " videos, one per split");
        }
        Random random = new Random(seed);
        List<Video> out = new ArrayList<>();
        int index = 0;
        for (Split split : Split.values()) {
            int count = split.videos(videos);
            for (int i = 0; i < count; i++, index++) {
                String id = String.format("syn%05d", index);
                SyntheticScene scene = SyntheticScene.random(random, WIDTH, HEIGHT, FPS, SECONDS);
                out.add(new Video(id, split, scene, queries(id, scene, split.style, random)));
            }
        }
        return out;
    }

    private static List<GroundingSample> queries(String id, SyntheticScene scene, Style style, Random random) {
        List<GroundingSample> queries = new ArrayList<>();
        List<Actor> actors = scene.actors();
        if (actors.get(0).action() == Action.MEET) {
            queries.add(new GroundingSample(id, actors.get(0).moment(),
                    GroundingSentences.describe(actors.get(0), actors.get(1), style, random), scene.seconds()));
            return queries;
        }
        for (Actor actor : actors) {
            queries.add(new GroundingSample(id, actor.moment(), GroundingSentences.describe(actor, null, style, random),
                    scene.seconds()));
        }
        return queries;
    }
}
