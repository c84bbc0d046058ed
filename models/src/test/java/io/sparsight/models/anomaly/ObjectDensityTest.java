package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectDensityTest {

    /** A walkway: people at 0.3-0.6 box heights a second, and three false "dog" detections. */
    private static ObjectDensity walkway() {
        Random random = new Random(3);
        List<ObjectObservation> normal = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            normal.add(new ObjectObservation("person", 30 + random.nextInt(20), 0.3f + 0.3f * random.nextFloat()));
        }
        for (int i = 0; i < 3; i++) {
            normal.add(new ObjectObservation("dog", 20, 0.5f));
        }
        return ObjectDensity.fit(normal);
    }

    @Test
    void aPersonWalkingAsUsualScoresAboutNothing() {
        assertThat(walkway().score(new ObjectObservation("person", 40, 0.45f))).isLessThan(0.5);
        assertThat(walkway().score(new ObjectObservation("person", 40, 0.3f))).isZero(); // slower than the mean
    }

    @Test
    void anUnseenClassScoresHigherThanARareOneAndBothMoreThanAWalker() {
        ObjectDensity density = walkway();
        double car = density.score(new ObjectObservation("car", 40, 0.5f));
        double dog = density.score(new ObjectObservation("dog", 20, 0.5f));
        assertThat(car).isGreaterThan(dog).isGreaterThan(4); // log(1003+80) - log(1): about 7 for an unseen class
        assertThat(dog).isGreaterThan(1);
    }

    @Test
    void aPersonMovingFarFasterThanPeopleDidScoresByHowMuchFaster() {
        ObjectDensity density = walkway();
        double jogger = density.score(new ObjectObservation("person", 40, 1.2f));
        double cyclist = density.score(new ObjectObservation("person", 40, 4f));
        assertThat(jogger).isGreaterThan(2);
        assertThat(cyclist).isGreaterThan(jogger);
    }

    @Test
    void aFrameScoresItsMostUnusualObjectAndNothingWithoutObjects() {
        ObjectDensity density = walkway();
        ObjectObservation walker = new ObjectObservation("person", 40, 0.45f);
        ObjectObservation car = new ObjectObservation("car", 40, 0.5f);
        assertThat(density.frameScore(List.of(walker, car, walker))).isEqualTo(density.score(car));
        assertThat(density.frameScore(List.of())).isZero();
    }
}
