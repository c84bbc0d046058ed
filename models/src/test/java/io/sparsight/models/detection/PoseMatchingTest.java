package io.sparsight.models.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoseMatchingTest {

    private static PoseModel.Pose pose(float marker, float x1, float y1, float x2, float y2) {
        float[] keypoints = new float[3 * PoseModel.KEYPOINTS];
        keypoints[2] = marker;
        return new PoseModel.Pose(keypoints, x1, y1, x2, y2, 0.8f);
    }

    @Test
    void eachBoxTakesTheFreePoseItOverlapsMostAndNoPoseTwice() {
        PoseModel.Pose left = pose(1, 0.10f, 0.10f, 0.30f, 0.60f);
        PoseModel.Pose right = pose(2, 0.60f, 0.10f, 0.80f, 0.60f);
        PoseMatching matching = new PoseMatching(List.of(left, right));

        assertThat(matching.take(0.62f, 0.12f, 0.82f, 0.62f)[2]).as("the right one").isEqualTo(2);
        assertThat(matching.take(0.60f, 0.10f, 0.80f, 0.60f)).as("the right pose is taken; the left is too far")
                .isNull();
        assertThat(matching.take(0.12f, 0.10f, 0.30f, 0.58f)[2]).as("the left one").isEqualTo(1);
    }

    @Test
    void aBoxThatBarelyOverlapsAnyPoseGetsNone() {
        PoseMatching matching = new PoseMatching(List.of(pose(1, 0.10f, 0.10f, 0.30f, 0.60f)));
        // IoU 0.025 / (0.1 + 0.1 - 0.025): about 0.14, under the 0.3 a match needs
        assertThat(matching.take(0.25f, 0.10f, 0.45f, 0.60f)).isNull();
        assertThat(new PoseMatching(List.of()).take(0, 0, 1, 1)).isNull();
    }
}
