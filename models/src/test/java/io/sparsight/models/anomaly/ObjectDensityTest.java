package io.sparsight.models.anomaly;

import io.sparsight.models.runtime.ModelArtifactException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

    @Test
    void theAlarmScoreIsNormalFootagesRareHighAndMapsToOneHalf(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        List<List<ObjectObservation>> frames = new ArrayList<>();
        for (int f = 0; f < 2000; f++) {
            frames.add(List.of(new ObjectObservation("person", 40, 0.3f + 0.3f * random.nextFloat())));
        }
        ObjectDensity density = walkway().withAlarmScore(frames);
        assertThat(density.alarmScore()).isGreaterThanOrEqualTo(0.1).isLessThan(2);
        assertThat(density.unitScore(density.alarmScore())).isCloseTo(0.5, within(1e-9));
        assertThat(density.unitScore(0)).isZero();
        assertThat(density.unitScore(100)).isEqualTo(1);

        density.write(dir, Map.of("footage", "test"));
        ObjectDensity read = ObjectDensity.of(dir.toString()).orElseThrow();
        ObjectObservation car = new ObjectObservation("car", 40, 0.5f);
        assertThat(read.score(car)).isEqualTo(density.score(car));
        assertThat(read.alarmScore()).isEqualTo(density.alarmScore());
        assertThat(ObjectDensity.of(dir.resolve("elsewhere").toString())).isEmpty();
        Files.writeString(dir.resolve(ObjectDensity.FILE), "{\"version\": 1, \"alarmScore\": 0}");
        assertThatThrownBy(() -> ObjectDensity.of(dir.toString())).isInstanceOf(ModelArtifactException.class)
                .hasMessageContaining("objects.json").hasMessageContaining("alarmScore");
    }
}
