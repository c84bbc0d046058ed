package io.sparsight.models.grounding;

import io.sparsight.models.tracks.TrackedObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrackWindowTest {

    private static final int F = TrackWindow.FEATURES;

    /** 40 frames at 10 fps (4 s) of a square frame: what each frame holds. */
    private static List<List<TrackedObject>> frames() {
        List<List<TrackedObject>> frames = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            frames.add(new ArrayList<>());
        }
        return frames;
    }

    private static TrackedObject box(int track, String label, float cx, float bottom, float h) {
        return new TrackedObject(track, label, cx - h / 4, bottom - h, cx + h / 4, bottom, 0.9f, null);
    }

    @Test
    void aTrackSeenAtMoreSampleTimesGetsTheFirstSlotAndItsVelocityIsInItsOwnHeights() {
        List<List<TrackedObject>> frames = frames();
        for (int f = 0; f < 40; f++) {
            // a person 0.2 high walking right at 0.1 frame widths per second: half its height per second
            frames.get(f).add(box(7, "person", 0.2f + 0.01f * f, 0.8f, 0.2f));
            if (f >= 30) {
                frames.get(f).add(box(3, "car", 0.8f, 0.9f, 0.1f)); // a car for the last second only
            }
        }
        TrackWindow.Encoded w = TrackWindow.encode(frames, 10, 1.0, 0, 4, 4, 3);
        assertThat(w.labels()).containsExactly("person", "car", null);
        // sample times 0.5, 1.5, 2.5, 3.5 s: the person at every one, the car at the last
        for (int i = 0; i < 4; i++) {
            assertThat(w.features()[(i * 3) * F]).isEqualTo(1f);
            assertThat(w.features()[(i * 3 + 1) * F]).isEqualTo(i == 3 ? 1f : 0f);
            assertThat(w.features()[(i * 3 + 2) * F]).isEqualTo(0f);
        }
        int second = 3 * F;
        assertThat(w.features()[second + 5]).as("vx in own heights per second").isCloseTo(0.5f, within(1e-3f));
        assertThat(w.features()[second + 6]).as("vy").isCloseTo(0f, within(1e-3f));
        assertThat(w.features()[second + 7]).as("has a previous sample").isEqualTo(1f);
        assertThat(w.features()[5]).as("no velocity at its first sample").isEqualTo(0f);
        assertThat(w.features()[68]).as("not seen before the first sample").isEqualTo(0f);
        assertThat(w.features()[69]).as("seen at the next").isEqualTo(1f);
        int carAtLast = (3 * 3 + 1) * F;
        assertThat(w.features()[carAtLast + 68]).as("the car was not there at the sample before").isEqualTo(0f);
        // at the last sample the car is the person's nearest neighbour, to its right and below
        int last = (3 * 3) * F;
        assertThat(w.features()[last + 12]).isGreaterThan(0f);
        assertThat(w.features()[last + 13]).isGreaterThan(0f);
        assertThat(w.features()[last + 11]).isLessThan(1f);
    }

    @Test
    void aCyclistAmongMoreWalkersThanSlotsKeepsItsSlot() {
        List<List<TrackedObject>> frames = frames();
        for (int f = 0; f < 40; f++) {
            for (int walker = 1; walker <= 5; walker++) { // five people seen throughout
                frames.get(f).add(box(walker, "person", 0.15f * walker, 0.8f, 0.2f));
            }
            if (f >= 20) {
                frames.get(f).add(box(9, "bicycle", 0.5f, 0.9f, 0.15f)); // a bicycle for the last two seconds
            }
        }
        TrackWindow.Encoded w = TrackWindow.encode(frames, 10, 1.0, 0, 4, 4, 3);
        assertThat(w.labels()).as("the longest walkers, then the bicycle, in order of rank")
                .containsExactly("person", "person", "bicycle");
        assertThat(w.features()[(3 * 3 + 2) * F]).as("the bicycle at the last sample").isEqualTo(1f);
        assertThat(w.features()[2 * F]).as("and not at the first").isEqualTo(0f);
    }

    @Test
    void aDetectionMissedInTheSampledFrameIsTakenFromItsSlice() {
        List<List<TrackedObject>> frames = frames();
        for (int f = 0; f < 40; f++) {
            if (f != 5 && f != 15) { // the frames nearest sample times 0.5 and 1.5 s
                frames.get(f).add(box(1, "dog", 0.5f, 0.9f, 0.1f));
            }
        }
        TrackWindow.Encoded w = TrackWindow.encode(frames, 10, 0.75, 0, 4, 4, 2);
        for (int i = 0; i < 4; i++) {
            assertThat(w.features()[(i * 2) * F]).isEqualTo(1f);
        }
    }

    @Test
    void posesAreGivenRelativeToTheBoxAndLostKeypointsAreZero() {
        List<List<TrackedObject>> frames = frames();
        float[] keypoints = new float[3 * TrackedObject.KEYPOINTS];
        for (int k = 0; k < TrackedObject.KEYPOINTS; k++) {
            keypoints[3 * k] = 0.45f;          // the box is 0.4 .. 0.6 wide: a quarter across
            keypoints[3 * k + 1] = 0.6f + 0.01f * k;
            keypoints[3 * k + 2] = k == 3 ? 0.05f : 0.9f;
        }
        for (int f = 0; f < 40; f++) {
            frames.get(f).add(new TrackedObject(1, "person", 0.4f, 0.6f, 0.6f, 1.0f, 0.9f, keypoints));
        }
        float[] features = TrackWindow.encode(frames, 10, 1.0, 0, 4, 1, 1).features();
        assertThat(features[16]).isCloseTo(0.25f, within(1e-4f));
        assertThat(features[17]).isCloseTo(0f, within(1e-4f));
        assertThat(features[18]).isEqualTo(0.9f);
        assertThat(features[16 + 9]).as("the lost keypoint").isEqualTo(0f);
        assertThat(features[16 + 11]).isEqualTo(0f);
        assertThat(features[67]).as("has a pose").isEqualTo(1f);
    }

    @Test
    void aPartOfTheVideoSamplesOnlyThatPart() {
        List<List<TrackedObject>> frames = frames();
        for (int f = 0; f < 20; f++) {
            frames.get(f).add(box(1, "person", 0.5f, 0.9f, 0.2f)); // the first two seconds only
        }
        TrackWindow.Encoded late = TrackWindow.encode(frames, 10, 1.0, 2, 2, 2, 1);
        assertThat(late.labels()).containsExactly((String) null);
        assertThat(late.features()).containsOnly(0f);
        TrackWindow.Encoded early = TrackWindow.encode(frames, 10, 1.0, 0, 2, 2, 1);
        assertThat(early.labels()).containsExactly("person");
    }
}
