package io.sparsight.pipelines.jobs;

import io.sparsight.models.data.SyntheticScene;
import io.sparsight.models.data.SyntheticScene.Action;
import io.sparsight.models.data.SyntheticScene.Actor;
import io.sparsight.models.grounding.Moment;

import java.util.ArrayList;
import java.util.List;

/** The grounding tests' stream: a red square and a blue circle that go and come back, three times, 54 s at 10 fps. */
public final class ShapeRoundTrips {

    /** Longer than a window, so that no window holds two repeats of an action. */
    public static final double PERIOD = 18;
    public static final int REPEATS = 3;

    private ShapeRoundTrips() {}

    /**
     * Every 18 s the red square moves right during [4, 9] s and back left during [12, 17] s; the blue circle moves
     * left during [6, 10] s and back right during [13, 17] s. The way back is what the queries must not match.
     */
    public static SyntheticScene scene() {
        List<Double> redTimes = new ArrayList<>();
        List<Double> redX = new ArrayList<>();
        List<Double> blueTimes = new ArrayList<>();
        List<Double> blueX = new ArrayList<>();
        for (int k = 0; k < REPEATS; k++) {
            double t0 = k * PERIOD;
            add(redTimes, redX, t0, 24, t0 + 4, 24, t0 + 9, 136, t0 + 12, 136, t0 + 17, 24);
            add(blueTimes, blueX, t0, 136, t0 + 6, 136, t0 + 10, 24, t0 + 13, 24, t0 + 17, 136);
        }
        Actor red = new Actor(SyntheticScene.Shape.SQUARE, true, SyntheticScene.COLOURS.get(0),
                SyntheticScene.COLOURS.get(0), 40, Action.MOVES_RIGHT, new Moment(4, 9), array(redTimes), array(redX));
        Actor blue = new Actor(SyntheticScene.Shape.CIRCLE, true, SyntheticScene.COLOURS.get(2),
                SyntheticScene.COLOURS.get(2), 80, Action.MOVES_LEFT, new Moment(6, 10), array(blueTimes),
                array(blueX));
        return SyntheticScene.of(160, 120, 10, PERIOD * REPEATS, List.of(red, blue), 7);
    }

    private static void add(List<Double> times, List<Double> xs, double... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            times.add(pairs[i]);
            xs.add(pairs[i + 1]);
        }
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

}
