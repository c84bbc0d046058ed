package io.sparsight.models.data;

import io.sparsight.models.data.SyntheticScene.Action;
import io.sparsight.models.data.SyntheticScene.Actor;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the sentences of a synthetic scene from templates with synonyms. Two disjoint template sets: the ordinary
 * one (train, val, test) and the paraphrase one, whose wordings never occur in training (the paraphrase test).
 */
public final class GroundingSentences {

    /** Which templates to write with. */
    public enum Style { ORDINARY, PARAPHRASE }

    private static final Map<Action, List<String>> ORDINARY = Map.of(
            Action.ENTERS, List.of("the {a} enters the scene", "a {a} comes into view", "the {a} walks in"),
            Action.LEAVES, List.of("the {a} leaves the scene", "a {a} goes out of view", "the {a} walks out"),
            Action.MOVES_LEFT, List.of("the {a} moves to the left", "a {a} goes left", "the {a} slides left"),
            Action.MOVES_RIGHT, List.of("the {a} moves to the right", "a {a} goes right", "the {a} slides right"),
            Action.STOPS, List.of("the {a} stops", "a {a} stands still", "the {a} comes to a halt"),
            Action.SPEEDS_UP, List.of("the {a} speeds up", "a {a} moves faster", "the {a} accelerates"),
            Action.TURNS_AROUND, List.of("the {a} turns around", "a {a} goes back the way it came",
                    "the {a} reverses direction"),
            Action.CHANGES_COLOUR, List.of("the {a} changes colour to {later}", "a {a} turns {later}",
                    "the {a} becomes {later}"),
            Action.MEET, List.of("the {a} and the {b} meet", "a {a} and a {b} come together",
                    "the {a} meets the {b}"));

    private static final Map<Action, List<String>> PARAPHRASE = Map.of(
            Action.ENTERS, List.of("from outside the picture a {a} arrives"),
            Action.LEAVES, List.of("the {a} exits the frame"),
            Action.MOVES_LEFT, List.of("a {a} travels leftwards"),
            Action.MOVES_RIGHT, List.of("a {a} travels rightwards"),
            Action.STOPS, List.of("the {a} is no longer moving"),
            Action.SPEEDS_UP, List.of("the {a} picks up speed"),
            Action.TURNS_AROUND, List.of("the {a} heads back in the opposite direction"),
            Action.CHANGES_COLOUR, List.of("the {a} takes on a {later} colour"),
            Action.MEET, List.of("the {a} approaches the {b} until they touch"));

    private static final Map<SyntheticScene.Shape, List<String>> SHAPE_WORDS = Map.of(
            SyntheticScene.Shape.SQUARE, List.of("square", "box", "block"),
            SyntheticScene.Shape.CIRCLE, List.of("circle", "ball", "disc"),
            SyntheticScene.Shape.TRIANGLE, List.of("triangle"),
            SyntheticScene.Shape.PERSON, List.of("person", "figure", "man"));

    private GroundingSentences() {}

    /** The sentence for {@code actor} (and {@code partner} for MEET). */
    public static String describe(Actor actor, Actor partner, Style style, Random random) {
        List<String> templates = (style == Style.ORDINARY ? ORDINARY : PARAPHRASE).get(actor.action());
        String template = templates.get(random.nextInt(templates.size()));
        String sentence = template.replace("{a}", noun(actor, random))
                .replace("{later}", actor.laterColour().name());
        if (partner != null) {
            sentence = sentence.replace("{b}", noun(partner, random));
        }
        return sentence;
    }

    private static String noun(Actor actor, Random random) {
        List<String> words = SHAPE_WORDS.get(actor.shape());
        String size = random.nextInt(3) == 0 ? (actor.big() ? "big " : "small ") : "";
        return size + actor.colour().name() + " " + words.get(random.nextInt(words.size()));
    }
}
