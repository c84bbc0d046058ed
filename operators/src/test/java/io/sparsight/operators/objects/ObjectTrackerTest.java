package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.Detection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectTrackerTest {

    private static final int PERSON = CocoClasses.NAMES.indexOf("person");
    private static final int CAR = CocoClasses.NAMES.indexOf("car");
    private static final long STEP_MS = 200;

    private final ObjectTracker tracker = new ObjectTracker(ObjectTracker.Settings.defaults(0.4f), 0);
    private final List<Track> tracks = new ArrayList<>();
    private final List<Track> ended = new ArrayList<>();
    private int nextId = 1;

    private void step(int index, List<Detection> detections) {
        ObjectTracker.Step step = tracker.update(tracks, nextId, detections, 1_000_000 + index * STEP_MS,
                index * STEP_MS);
        nextId = step.nextId();
        ended.addAll(step.ended());
    }

    private static Detection person(float x, float y, float score) {
        return new Detection(PERSON, score, x, y, x + 20, y + 40);
    }

    private Track confirmedAt(float x) {
        return tracks.stream().filter(Track::confirmed).filter(t -> Math.abs(t.x1 - x) < 1).findFirst().orElseThrow();
    }

    @Test
    void twoPeopleWhoCrossKeepTheirIds() {
        for (int i = 0; i < 30; i++) {
            float right = 10 + 8 * i; // 10 .. 242
            float left = 242 - 8 * i;
            step(i, List.of(person(right, 100, 0.9f), person(left, 104, 0.8f)));
            if (i == 2) {
                assertThat(confirmedAt(right).id).isEqualTo(1);
                assertThat(confirmedAt(left).id).isEqualTo(2);
            }
        }
        assertThat(confirmedAt(10 + 8 * 29).id).as("the one walking right").isEqualTo(1);
        assertThat(confirmedAt(242 - 8 * 29).id).as("the one walking left").isEqualTo(2);
        assertThat(ended).isEmpty();
        assertThat(nextId).isEqualTo(3);
    }

    @Test
    void anOcclusionOfAFewDetectionsDoesNotSplitATrack() {
        for (int i = 0; i < 20; i++) {
            boolean hidden = i >= 8 && i < 12; // four detections without the person
            step(i, hidden ? List.of() : List.of(person(10 + 6 * i, 50, 0.9f)));
        }
        assertThat(tracks).singleElement().satisfies(t -> {
            assertThat(t.id).isEqualTo(1);
            assertThat(t.hits).isEqualTo(16);
        });
        assertThat(ended).isEmpty();
        assertThat(nextId).isEqualTo(2);
    }

    @Test
    void aParkedCarDetectedNowAndThenWithJitterIsOneTrack() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<Detection> detections = new ArrayList<>();
            if (random.nextInt(4) != 0) { // missed one time in four
                float jitter = random.nextFloat() * 3 - 1.5f;
                float score = 0.25f + random.nextFloat() * 0.7f; // often below the confident threshold
                detections.add(new Detection(CAR, score, 100 + jitter, 60 - jitter, 180 + jitter, 110 + jitter));
            }
            step(i, detections);
        }
        assertThat(tracks).filteredOn(Track::confirmed).singleElement().satisfies(t -> assertThat(t.id).isEqualTo(1));
        assertThat(ended).isEmpty();
    }

    @Test
    void aConfirmedTrackEndsAfterItsMissesAndAOneFrameFalseDetectionNeverBecomesOne() {
        for (int i = 0; i < 6; i++) {
            step(i, List.of(person(10 + 5 * i, 50, 0.9f)));
        }
        step(6, List.of(new Detection(CAR, 0.9f, 200, 10, 240, 40))); // once, then never again
        for (int i = 7; i < 12; i++) {
            step(i, List.of());
        }
        assertThat(ended).singleElement().satisfies(t -> {
            assertThat(t.id).isEqualTo(1);
            assertThat(t.classId).isEqualTo(PERSON);
            assertThat(t.firstOffsetMs).isZero();
            assertThat(t.lastOffsetMs).isEqualTo(5 * STEP_MS);
            assertThat(t.bestScore).isEqualTo(0.9f);
        });
        assertThat(tracks).isEmpty();
        assertThat(nextId).isEqualTo(2);
    }

    @Test
    void weakDetectionsKeepATrackGoingButNeverStartOne() {
        for (int i = 0; i < 5; i++) {
            step(i, List.of(person(10, 10, 0.3f)));
        }
        assertThat(tracks).isEmpty();
        for (int i = 5; i < 8; i++) {
            step(i, List.of(person(10, 10, 0.9f)));
        }
        for (int i = 8; i < 30; i++) {
            step(i, List.of(person(10, 10, 0.2f)));
        }
        assertThat(tracks).singleElement().satisfies(t -> assertThat(t.hits).isEqualTo(25));
        assertThat(ended).isEmpty();
    }

    @Test
    void aDetectionOfAnotherClassDoesNotContinueATrack() {
        for (int i = 0; i < 4; i++) {
            step(i, List.of(person(10, 10, 0.9f)));
        }
        for (int i = 4; i < 10; i++) {
            step(i, List.of(new Detection(CAR, 0.9f, 10, 10, 30, 50)));
        }
        assertThat(ended).singleElement().satisfies(t -> assertThat(t.classId).isEqualTo(PERSON));
        assertThat(tracks).filteredOn(Track::confirmed).singleElement()
                .satisfies(t -> assertThat(t.classId).isEqualTo(CAR));
    }

    @Test
    void aLongTrackKeepsACompactPathFromStartToEnd() {
        for (int i = 0; i < 1000; i++) {
            step(i, List.of(person(i * 0.2f, 10, 0.9f)));
        }
        Track track = tracks.get(0);
        assertThat(track.path.length / 3).isLessThanOrEqualTo(Track.MAX_PATH_POINTS).isGreaterThan(16);
        assertThat(track.path[0]).isZero();
        assertThat(track.path[1]).isEqualTo(10f);
        assertThat(track.path[track.path.length - 3]).isGreaterThan(999 * STEP_MS - 2 * track.pathSpacingMs);
    }
}
