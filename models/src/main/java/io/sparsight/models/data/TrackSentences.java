package io.sparsight.models.data;

import io.sparsight.models.data.GroundingSentences.Style;
import io.sparsight.models.data.TrackScenes.Action;
import io.sparsight.models.data.TrackScenes.Event;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Sentences for the track simulator's events, from templates with synonyms: the ordinary set (train, val, test) and
 * the paraphrase set, whose templates never occur in the ordinary one and whose nouns include words training never
 * uses ("a van", "a passer-by"), for the paraphrase split.
 */
final class TrackSentences {

    private static final Map<Action, List<String>> ORDINARY = Map.ofEntries(
            Map.entry(Action.ENTERS, List.of("{a} enters the scene", "{a} comes into view", "{a} appears")),
            Map.entry(Action.LEAVES, List.of("{a} leaves the scene", "{a} goes out of view", "{a} disappears")),
            Map.entry(Action.STOPS, List.of("{a} stops", "{a} stands still", "{a} waits")),
            Map.entry(Action.RUNS, List.of("{a} runs", "{a} starts running", "{a} is running")),
            Map.entry(Action.TURNS_BACK, List.of("{a} turns back", "{a} turns around",
                    "{a} goes back the way it came")),
            Map.entry(Action.MEET, List.of("{a} meets {b}", "{a} and {b} meet", "{a} and {b} stand together")),
            Map.entry(Action.FOLLOWS, List.of("{a} follows {b}", "{a} walks behind {b}")),
            Map.entry(Action.RIDES, List.of("{a} rides a {b}", "{a} on a {b} goes by")),
            Map.entry(Action.CARRIES, List.of("{a} carries a {b}", "{a} with a {b} walks by")),
            Map.entry(Action.CROSSES, List.of("{a} crosses the scene", "{a} goes across the picture",
                    "{a} passes through")),
            Map.entry(Action.BENDS, List.of("{a} bends down", "{a} bends over", "{a} picks something up")),
            Map.entry(Action.WAVES, List.of("{a} waves", "{a} raises an arm", "{a} waves a hand")),
            Map.entry(Action.THROWS, List.of("{a} throws something", "{a} throws an object")),
            Map.entry(Action.FALLS, List.of("{a} falls down", "{a} falls to the ground", "{a} collapses")));

    private static final Map<Action, List<String>> PARAPHRASE = Map.ofEntries(
            Map.entry(Action.ENTERS, List.of("{a} arrives from outside the picture")),
            Map.entry(Action.LEAVES, List.of("{a} exits the frame")),
            Map.entry(Action.STOPS, List.of("{a} is no longer moving")),
            Map.entry(Action.RUNS, List.of("{a} sprints")),
            Map.entry(Action.TURNS_BACK, List.of("{a} heads back in the opposite direction")),
            Map.entry(Action.MEET, List.of("{a} approaches {b} and they stay together")),
            Map.entry(Action.FOLLOWS, List.of("{a} trails behind {b}")),
            Map.entry(Action.RIDES, List.of("{a} is riding a {b}")),
            Map.entry(Action.CARRIES, List.of("{a} is holding a {b}")),
            Map.entry(Action.CROSSES, List.of("{a} moves from one side to the other")),
            Map.entry(Action.BENDS, List.of("{a} crouches down")),
            Map.entry(Action.WAVES, List.of("{a} lifts a hand in greeting")),
            Map.entry(Action.THROWS, List.of("{a} tosses something away")),
            Map.entry(Action.FALLS, List.of("{a} tumbles over")));

    /** Ways to name each class; for {@code a} forms the article comes with it. */
    private static final Map<String, List<String>> NOUNS = Map.ofEntries(
            Map.entry("person", List.of("a person", "a man", "a woman", "someone", "a pedestrian")),
            Map.entry("car", List.of("a car", "a vehicle")), Map.entry("truck", List.of("a truck", "a lorry")),
            Map.entry("bus", List.of("a bus")), Map.entry("dog", List.of("a dog")),
            Map.entry("bicycle", List.of("bicycle", "bike")),
            Map.entry("motorcycle", List.of("motorcycle", "motorbike")),
            Map.entry("handbag", List.of("handbag", "bag")), Map.entry("backpack", List.of("backpack", "rucksack")),
            Map.entry("suitcase", List.of("suitcase", "luggage case")));

    /** Names only the paraphrase split uses (beside the ordinary ones). */
    private static final Map<String, List<String>> PARAPHRASE_NOUNS = Map.ofEntries(
            Map.entry("person", List.of("a passer-by", "somebody")), Map.entry("car", List.of("an automobile")),
            Map.entry("truck", List.of("a van")), Map.entry("bus", List.of("a coach")),
            Map.entry("dog", List.of("a puppy")), Map.entry("bicycle", List.of("cycle")),
            Map.entry("motorcycle", List.of("scooter")), Map.entry("handbag", List.of("purse")),
            Map.entry("backpack", List.of("knapsack")), Map.entry("suitcase", List.of("trolley bag")));

    private TrackSentences() {}

    static String describe(Event event, Style style, Random random) {
        List<String> templates = (style == Style.ORDINARY ? ORDINARY : PARAPHRASE).get(event.action());
        String sentence = templates.get(random.nextInt(templates.size()))
                .replace("{a}", noun(event.actor().label, style, random));
        if (event.other() != null) {
            String other = noun(event.other().label, style, random);
            if (event.other().label.equals(event.actor().label)) { // "a person meets another man"
                other = other.startsWith("a ") ? "another " + other.substring(2) : "another " + event.other().label;
            }
            sentence = sentence.replace("{b}", other);
        }
        return sentence;
    }

    private static String noun(String label, Style style, Random random) {
        List<String> words = NOUNS.get(label);
        if (style == Style.PARAPHRASE && random.nextBoolean()) {
            words = PARAPHRASE_NOUNS.get(label);
        }
        if (words == null) {
            throw new IllegalArgumentException("no words for the class '" + label + "'");
        }
        return words.get(random.nextInt(words.size()));
    }
}
