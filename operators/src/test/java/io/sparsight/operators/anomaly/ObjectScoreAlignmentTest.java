package io.sparsight.operators.anomaly;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which object reading each frame score is fused with, whatever order scores and readings arrive in. */
class ObjectScoreAlignmentTest {

    private static FrameScore score(long offsetMs) {
        FrameScore score = new FrameScore();
        score.cameraId = "cam";
        score.streamId = 7;
        score.streamStartMs = 1_000_000;
        score.streamOffsetMs = offsetMs;
        score.captureTimeMs = 1_000_000 + offsetMs;
        return score;
    }

    private static ObjectReading reading(long offsetMs, double unitScore, String className) {
        ObjectReading reading = new ObjectReading();
        reading.streamId = 7;
        reading.streamStartMs = 1_000_000;
        reading.offsetMs = offsetMs;
        reading.score = unitScore;
        reading.className = className;
        reading.track = className == null ? 0 : 3;
        return reading;
    }

    @Test
    void aScoreWaitsForAReadingAtOrAfterItAndTakesTheLatestOneBefore() {
        List<FrameScore> pending = new ArrayList<>(List.of(score(100), score(200), score(300)));
        List<ObjectReading> readings = new ArrayList<>(List.of(reading(0, 0.1, "person")));
        assertThat(ObjectScoreAlignment.resolve(pending, readings, Long.MIN_VALUE)).as("nothing is known past 0 ms")
                .isEmpty();
        readings.add(reading(200, 0.9, "bicycle"));
        List<FrameScore> resolved = ObjectScoreAlignment.resolve(pending, readings, Long.MIN_VALUE);
        assertThat(resolved).extracting(s -> s.streamOffsetMs).containsExactly(100L, 200L);
        assertThat(resolved.get(0).objectScore).as("100 ms: the reading at 0 ms").isEqualTo(0.1);
        assertThat(resolved.get(1).objectScore).as("200 ms: the reading at 200 ms").isEqualTo(0.9);
        assertThat(resolved.get(1).object.className).isEqualTo("bicycle");
        assertThat(resolved).allSatisfy(s -> assertThat(s.objectsFused).isTrue());
        assertThat(pending).extracting(s -> s.streamOffsetMs).containsExactly(300L);
        assertThat(readings).as("the reading at 0 ms can decide nothing any more").extracting(r -> r.offsetMs)
                .containsExactly(200L);
    }

    @Test
    void eventTimePastAScoreDecidesItWithWhatIsKnown() {
        List<FrameScore> pending = new ArrayList<>(List.of(score(100), score(900)));
        List<ObjectReading> readings = new ArrayList<>(List.of(reading(0, 0.2, "person")));
        List<FrameScore> resolved = ObjectScoreAlignment.resolve(pending, readings, 1_000_000 + 500);
        assertThat(resolved).extracting(s -> s.streamOffsetMs).containsExactly(100L);
        assertThat(resolved.get(0).objectScore).isEqualTo(0.2);
        assertThat(pending).hasSize(1);
    }

    @Test
    void theOrderOfArrivalDoesNotChangeTheFusion() {
        // readings first, then scores
        List<FrameScore> pending = new ArrayList<>();
        List<ObjectReading> readings = new ArrayList<>(List.of(reading(0, 0.1, "person"), reading(200, 0.9, "car"),
                reading(400, 0, null)));
        List<FrameScore> early = new ArrayList<>();
        for (long t = 100; t <= 400; t += 100) {
            pending.add(score(t));
            early.addAll(ObjectScoreAlignment.resolve(pending, readings, Long.MIN_VALUE));
        }
        // scores first, then readings
        List<FrameScore> pending2 = new ArrayList<>();
        for (long t = 100; t <= 400; t += 100) {
            pending2.add(score(t));
        }
        List<ObjectReading> readings2 = new ArrayList<>();
        List<FrameScore> late = new ArrayList<>();
        for (ObjectReading r : List.of(reading(0, 0.1, "person"), reading(200, 0.9, "car"), reading(400, 0, null))) {
            readings2.add(r);
            late.addAll(ObjectScoreAlignment.resolve(pending2, readings2, Long.MIN_VALUE));
        }
        assertThat(early).extracting(s -> s.objectScore).containsExactly(0.1, 0.9, 0.9, 0.0);
        assertThat(late).extracting(s -> s.objectScore).containsExactly(0.1, 0.9, 0.9, 0.0);
        assertThat(late.get(3).object).as("a frame without objects names none").isNull();
    }

    @Test
    void readingsOfAnotherRunOfTheStreamAreNotTaken() {
        ObjectReading old = reading(500, 0.8, "car");
        old.streamStartMs = 500_000; // the run before
        List<FrameScore> pending = new ArrayList<>(List.of(score(100)));
        List<ObjectReading> readings = new ArrayList<>(List.of(old));
        assertThat(ObjectScoreAlignment.resolve(pending, readings, Long.MIN_VALUE)).isEmpty();
        List<FrameScore> resolved = ObjectScoreAlignment.resolve(pending, readings, Long.MAX_VALUE);
        assertThat(resolved.get(0).objectScore).isZero();
        assertThat(readings).as("the old run's reading is dropped").isEmpty();
    }
}
