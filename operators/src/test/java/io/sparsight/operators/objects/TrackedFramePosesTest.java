package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.PoseModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a tracked frame's people take the poses the pose model found. */
class TrackedFramePosesTest {

    /** A 400x200 frame: a person at x 40-80, a car at x 200-320, a person at x 300-340. */
    private static TrackedFrame frame() {
        TrackedFrame frame = new TrackedFrame();
        frame.width = 400;
        frame.height = 200;
        frame.trackIds = new int[] {1, 2, 3};
        frame.classIds = new int[] {CocoClasses.indexOf("person"), CocoClasses.indexOf("car"),
                CocoClasses.indexOf("person")};
        frame.boxes = new float[] {40, 20, 80, 180, 200, 100, 320, 180, 300, 20, 340, 180};
        frame.scores = new float[] {0.9f, 0.8f, 0.7f};
        return frame;
    }

    private static PoseModel.Pose pose(float marker, float x1, float x2) {
        float[] keypoints = new float[3 * PoseModel.KEYPOINTS];
        keypoints[0] = marker;
        return new PoseModel.Pose(keypoints, x1, 0.1f, x2, 0.9f, 0.8f);
    }

    @Test
    void eachPersonTakesThePoseOnItsBoxAndOtherObjectsNone() {
        TrackedFrame frame = frame();
        assertThat(frame.hasPerson()).isTrue();
        // a pose on the car (a person standing there) goes to no one; the people get theirs
        frame.attachPoses(List.of(pose(5, 0.50f, 0.80f), pose(3, 0.75f, 0.85f), pose(1, 0.10f, 0.20f)));

        assertThat(frame.objects().get(0).keypoints()[0]).isEqualTo(1);
        assertThat(frame.objects().get(1).hasPose()).as("the car").isFalse();
        assertThat(frame.objects().get(2).keypoints()[0]).isEqualTo(3);
    }

    @Test
    void withoutAMatchingPoseNoObjectCarriesOne() {
        TrackedFrame frame = frame();
        frame.attachPoses(List.of(pose(7, 0.45f, 0.55f)));
        assertThat(frame.keypoints).isNull();
        assertThat(frame.objects()).noneMatch(o -> o.hasPose());
    }
}
