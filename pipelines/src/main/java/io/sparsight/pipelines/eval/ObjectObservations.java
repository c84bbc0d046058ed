package io.sparsight.pipelines.eval;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.operators.objects.Track;

import java.util.ArrayList;
import java.util.List;

/**
 * The tracked objects of a video, frame by frame, as the object anomaly model reads them: every frame detected and
 * tracked as the object stage does it ({@link DetectAndTrack}), and each confirmed track seen in the frame becomes an
 * {@link ObjectObservation} (class, box height, smoothed speed in box heights per second).
 */
public final class ObjectObservations {

    private ObjectObservations() {}

    /** Per frame of {@code video} (grey, at {@code fps} frames a second), its objects. */
    public static List<List<ObjectObservation>> of(DetectionModel detector, FrameSequence video, double fps) {
        List<List<ObjectObservation>> perFrame = new ArrayList<>(video.size());
        DetectAndTrack chain = new DetectAndTrack(detector, (timeMs, frame, tracks) -> {
            List<ObjectObservation> objects = new ArrayList<>();
            for (Track track : tracks) {
                float height = Math.max(1, track.y2 - track.y1);
                float speed = (float) (Math.hypot(track.vx, track.vy) * 1000 / height);
                objects.add(new ObjectObservation(CocoClasses.NAMES.get(track.classId), height, speed));
            }
            perFrame.add(objects);
        });
        for (int f = 0; f < video.size(); f++) {
            chain.add(new DetectionModel.Frame(greyBytes(video.frames().get(f)), video.width(), video.height(), 1),
                    Math.round(f * 1000 / fps));
        }
        chain.flush();
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
