package io.sparsight.models.data;

import io.sparsight.models.data.SyntheticScene.Action;
import io.sparsight.models.data.SyntheticScene.Actor;
import io.sparsight.models.grounding.Moment;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic grounding data: every action does what its sentence says, inside its moment; splits; seeds. */
class SyntheticGroundingTest {

    @Test
    void everyActionHappensInsideItsMomentAsItsSentenceSays() {
        List<SyntheticGrounding.Video> videos = SyntheticGrounding.generate(300, 3);
        Set<Action> seen = EnumSet.noneOf(Action.class);
        for (SyntheticGrounding.Video video : videos) {
            SyntheticScene scene = video.scene();
            for (Actor actor : scene.actors()) {
                seen.add(actor.action());
                Moment m = actor.moment();
                assertThat(m.start()).isGreaterThanOrEqualTo(0);
                assertThat(m.end()).isLessThanOrEqualTo(scene.seconds() + 1e-9);
                assertThat(m.duration()).isGreaterThan(0.5);
                checkAction(actor, scene);
            }
        }
        assertThat(seen).as("all nine actions occur").containsExactlyInAnyOrder(Action.values());
    }

    private static void checkAction(Actor a, SyntheticScene scene) {
        Moment m = a.moment();
        double s = m.start();
        double e = m.end();
        double w = scene.width();
        switch (a.action()) {
            case MOVES_LEFT -> {
                assertThat(a.x(e)).isLessThan(a.x(s) - 0.5 * w);
                assertThat(a.x(s - 0.5)).isEqualTo(a.x(s));
            }
            case MOVES_RIGHT -> {
                assertThat(a.x(e)).isGreaterThan(a.x(s) + 0.5 * w);
                assertThat(a.x(e + 0.5)).isEqualTo(a.x(e));
            }
            case ENTERS -> {
                assertThat(a.x(s) < 0 || a.x(s) > w).as("outside before").isTrue();
                assertThat(a.x(e)).isBetween(0.0, w);
            }
            case LEAVES -> {
                assertThat(a.x(s)).isBetween(0.0, w);
                assertThat(a.x(e) < 0 || a.x(e) > w).as("outside after").isTrue();
            }
            case STOPS -> {
                assertThat(a.x(s - 1)).isLessThan(a.x(s));
                assertThat(a.x(e)).isEqualTo(a.x(s));
            }
            case SPEEDS_UP -> assertThat((a.x(e) - a.x(s)) / (e - s)).as("faster during the moment than before it")
                    .isGreaterThan((a.x(s) - a.x(0)) / s);
            case TURNS_AROUND -> {
                assertThat(a.x(s)).isGreaterThan(a.x(s - 1));
                assertThat(a.x(e)).isLessThan(a.x(s));
            }
            case CHANGES_COLOUR -> {
                assertThat(a.colourAt(s - 0.1).name()).isEqualTo(a.colour().name());
                assertThat(a.colourAt(e + 0.1).name()).isEqualTo(a.laterColour().name()).isNotEqualTo(a.colour().name());
            }
            case MEET -> {
                Actor other = scene.actors().get(0) == a ? scene.actors().get(1) : scene.actors().get(0);
                assertThat(Math.abs(a.x(e) - other.x(e))).isLessThan(30);
                assertThat(Math.abs(a.x(s) - other.x(s))).isGreaterThan(0.5 * w);
            }
        }
    }

    @Test
    void splitsAndTheSameSeedGivesTheSameDataset() {
        List<SyntheticGrounding.Video> a = SyntheticGrounding.generate(40, 9);
        List<SyntheticGrounding.Video> b = SyntheticGrounding.generate(40, 9);
        assertThat(a).hasSize(40);
        assertThat(a.stream().map(v -> v.split()).collect(Collectors.groupingBy(x -> x, Collectors.counting())))
                .containsEntry(SyntheticGrounding.Split.TRAIN, 28L).containsEntry(SyntheticGrounding.Split.TEST, 4L)
                .containsEntry(SyntheticGrounding.Split.PARAPHRASE, 4L);
        assertThat(b.stream().flatMap(v -> v.queries().stream()).toList())
                .isEqualTo(a.stream().flatMap(v -> v.queries().stream()).toList());
        assertThat(b.get(7).scene().render(30)).isEqualTo(a.get(7).scene().render(30));
    }

    @Test
    void paraphraseSentencesNeverUseTheWordingsOfTraining() {
        List<SyntheticGrounding.Video> videos = SyntheticGrounding.generate(400, 5);
        Set<String> trainVerbs = verbs(videos, SyntheticGrounding.Split.TRAIN);
        Set<String> paraphraseVerbs = verbs(videos, SyntheticGrounding.Split.PARAPHRASE);
        assertThat(paraphraseVerbs).isNotEmpty().doesNotContainAnyElementsOf(trainVerbs);
    }

    /** Each sentence with its nouns (colour, size, shape words) taken out: the template's own wording. */
    private static Set<String> verbs(List<SyntheticGrounding.Video> videos, SyntheticGrounding.Split split) {
        return videos.stream().filter(v -> v.split() == split).flatMap(v -> v.queries().stream())
                .map(q -> q.sentence().replaceAll("\\b(big|small|red|green|blue|yellow|white|purple|square|box|block|"
                        + "circle|ball|disc|triangle|person|figure|man)\\b", "_").replaceAll("\\s+", " "))
                .collect(Collectors.toSet());
    }
}
