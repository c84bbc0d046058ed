package io.sparsight.operators.grounding;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.operators.objects.TrackedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a tracked frame leaves in a camera's window, and the window read back at the model's frame rate. */
class TrackMomentsTest {

    /** A 360x240 frame at {@code offsetMs} with one person (track 3) whose box starts at x = {@code x}. */
    private static TrackedFrame frame(long offsetMs, float x) {
        TrackedFrame frame = new TrackedFrame();
        frame.cameraId = "cam";
        frame.streamOffsetMs = offsetMs;
        frame.width = 360;
        frame.height = 240;
        frame.trackIds = new int[] {3};
        frame.classIds = new int[] {CocoClasses.NAMES.indexOf("person")};
        frame.boxes = new float[] {x, 60, x + 36, 180};
        frame.scores = new float[] {0.8f};
        return frame;
    }

    @Test
    void aTrackedFrameKeepsItsObjectsAsFractionsOfTheFrame() {
        WindowFrame kept = new TrackMoments(null, null).keep(frame(500, 90));
        assertThat(kept.offsetMs).isEqualTo(500);
        assertThat(kept.pixels).isNull();
        assertThat(kept.aspect).isCloseTo(240f / 360, within(1e-6f));
        List<List<TrackedObject>> frames = TrackMoments.frames(List.of(kept), 0, 1_000);
        TrackedObject person = frames.get(0).get(0);
        assertThat(person.track()).isEqualTo(3);
        assertThat(person.label()).isEqualTo("person");
        assertThat(person.x1()).isCloseTo(0.25f, within(1e-6f));
        assertThat(person.x2()).isCloseTo(0.35f, within(1e-6f));
        assertThat(person.y1()).isCloseTo(0.25f, within(1e-6f));
        assertThat(person.y2()).isCloseTo(0.75f, within(1e-6f));
        assertThat(person.score()).isEqualTo(0.8f);
    }

    @Test
    void aPersonKeepsItsPoseAndAnObjectWithoutOneHasNone() {
        TrackedFrame frame = frame(500, 90);
        frame.trackIds = new int[] {3, 4};
        frame.classIds = new int[] {CocoClasses.NAMES.indexOf("person"), CocoClasses.NAMES.indexOf("bicycle")};
        frame.boxes = new float[] {90, 60, 126, 180, 200, 100, 260, 160};
        frame.scores = new float[] {0.8f, 0.6f};
        float[] pose = new float[3 * TrackedObject.KEYPOINTS];
        for (int k = 0; k < TrackedObject.KEYPOINTS; k++) {
            pose[3 * k] = 0.3f;
            pose[3 * k + 1] = 0.25f + 0.5f * k / TrackedObject.KEYPOINTS;
            pose[3 * k + 2] = 0.9f;
        }
        frame.keypoints = new float[2 * pose.length];
        System.arraycopy(pose, 0, frame.keypoints, 0, pose.length);
        java.util.Arrays.fill(frame.keypoints, pose.length, 2 * pose.length, Float.NaN);

        List<TrackedObject> objects = TrackMoments.frames(List.of(new TrackMoments(null, null).keep(frame)), 0, 1_000)
                .get(0);
        assertThat(objects.get(0).keypoints()).containsExactly(pose);
        assertThat(objects.get(1).hasPose()).isFalse();
    }

    @Test
    void aWindowIsReadAtTenFramesASecondFromTheLatestTrackedFrameBefore() {
        TrackMoments moments = new TrackMoments(null, null);
        List<WindowFrame> buffered = new ArrayList<>();
        for (long t = 0; t < 12_000; t += 200) { // the object stage detected 5 times a second
            buffered.add(moments.keep(frame(t, t / 100f)));
        }
        buffered.add(moments.keep(emptyAt(12_000)));
        List<List<TrackedObject>> frames = TrackMoments.frames(buffered, 2_000, 14_000);
        assertThat(frames).hasSize(120);
        // frame k stands for 2 s + (k + 0.5) / 10 s: the tracked frame at or before it
        assertThat(frames.get(0).get(0).x1() * 360).isCloseTo(20f, within(1e-3f));
        assertThat(frames.get(1).get(0).x1() * 360).isCloseTo(20f, within(1e-3f));
        assertThat(frames.get(2).get(0).x1() * 360).isCloseTo(22f, within(1e-3f));
        assertThat(frames.get(99).get(0).x1() * 360).isCloseTo(118f, within(1e-3f));
        assertThat(frames.get(100)).as("after 12 s the object is gone").isEmpty();
    }

    private static TrackedFrame emptyAt(long offsetMs) {
        TrackedFrame frame = frame(offsetMs, 0);
        frame.trackIds = new int[0];
        frame.classIds = new int[0];
        frame.boxes = new float[0];
        frame.scores = new float[0];
        return frame;
    }
}
