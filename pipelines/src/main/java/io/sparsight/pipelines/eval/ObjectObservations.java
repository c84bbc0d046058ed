package io.sparsight.pipelines.eval;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.operators.objects.ObjectTracker;
import io.sparsight.operators.objects.Track;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracked objects of a video, frame by frame, as the object anomaly model reads them: every frame detected (in
 * batches of 4, weak detections from 0.2), tracked as the object stage tracks (ObjectTracker with its defaults), and
 * each confirmed track seen in the frame becomes an {@link ObjectObservation} (class, box height, smoothed speed in box
 * heights per second).
 */
public final class ObjectObservations {

    private static final int BATCH = 4;
    private static final float WEAK_SCORE = 0.2f;
    private static final float MIN_SCORE = 0.4f;

    private ObjectObservations() {}

    /** Per frame of {@code video} (grey, at {@code fps} frames a second), its objects. */
    public static List<List<ObjectObservation>> of(DetectionModel detector, FrameSequence video, double fps) {
        ObjectTracker tracker = new ObjectTracker(ObjectTracker.Settings.defaults(MIN_SCORE), 0);
        List<Track> tracks = new ArrayList<>();
        int nextId = 1;
        List<List<ObjectObservation>> perFrame = new ArrayList<>(video.size());
        for (int from = 0; from < video.size(); from += BATCH) {
            List<DetectionModel.Frame> batch = new ArrayList<>(BATCH);
            for (int f = from; f < Math.min(video.size(), from + BATCH); f++) {
                batch.add(new DetectionModel.Frame(greyBytes(video.frames().get(f)), video.width(), video.height(), 1));
            }
            List<List<Detection>> found = detector.detectAll(batch, WEAK_SCORE);
            for (int k = 0; k < batch.size(); k++) {
                long timeMs = Math.round((from + k) * 1000 / fps);
                nextId = tracker.update(tracks, nextId, found.get(k), timeMs, timeMs).nextId();
                List<ObjectObservation> objects = new ArrayList<>();
                for (Track track : tracks) {
                    if (track.confirmed() && track.lastMs == timeMs) {
                        float height = Math.max(1, track.y2 - track.y1);
                        float speed = (float) (Math.hypot(track.vx, track.vy) * 1000 / height);
                        objects.add(new ObjectObservation(CocoClasses.NAMES.get(track.classId), height, speed));
                    }
                }
                perFrame.add(objects);
            }
        }
        return perFrame;
    }

    private static byte[] greyBytes(float[] unit) {
        byte[] bytes = new byte[unit.length];
        for (int i = 0; i < unit.length; i++) {
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, unit[i])) * 255);
        }
        return bytes;
    }
}
