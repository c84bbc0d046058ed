package io.sparsight.pipelines.eval;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.detection.PoseMatching;
import io.sparsight.models.detection.PoseModel;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.operators.objects.Track;
import io.sparsight.pipelines.data.ColourFrames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A video file as the track-grounding model sees it: decoded in colour at {@code fps} frames a second, every frame
 * through the detector and tracker ({@link DetectAndTrack}), each confirmed track seen in a frame as a
 * {@link TrackedObject} (boxes as fractions of the frame); with a pose model, each person track gets the pose whose
 * box overlaps its own the most ({@link PoseMatching}).
 */
public final class VideoTracks {

    private VideoTracks() {}

    /** @param poses the pose model, or null for tracks without poses */
    public static TrackVideo read(Path file, String id, DetectionModel detector, PoseModel poses, double fps)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no video file at " + file);
        }
        List<List<TrackedObject>> frames = new ArrayList<>();
        int[] size = new int[2];
        DetectAndTrack chain = new DetectAndTrack(detector, (timeMs, frame, tracks) -> {
            int index = (int) Math.round(timeMs * fps / 1000);
            while (frames.size() <= index) {
                frames.add(new ArrayList<>());
            }
            List<PoseModel.Pose> found = poses == null || tracks.stream().noneMatch(t -> t.classId == PERSON)
                    ? List.of() : poses.poses(frame.pixels(), frame.width(), frame.height(), frame.channels(),
                    PoseMatching.MIN_POSE_SCORE);
            PoseMatching matching = new PoseMatching(found);
            for (Track t : tracks) {
                float x1 = clamp(t.x1 / size[0]);
                float y1 = clamp(t.y1 / size[1]);
                float x2 = clamp(t.x2 / size[0]);
                float y2 = clamp(t.y2 / size[1]);
                float[] keypoints = t.classId == PERSON ? matching.take(x1, y1, x2, y2) : null;
                frames.get(index).add(new TrackedObject(t.id, CocoClasses.NAMES.get(t.classId), x1, y1, x2, y2,
                        t.bestScore, keypoints));
            }
        });
        ColourFrames.stream(file.toString(), fps, picture -> {
            size[0] = picture.width();
            size[1] = picture.height();
            chain.add(new DetectionModel.Frame(picture.bgr(), picture.width(), picture.height(), 3), picture.timeMs());
            return true;
        });
        chain.flush();
        if (frames.isEmpty()) {
            throw new IOException(file + " has no video frames");
        }
        return new TrackVideo(id, size[0], size[1], fps, frames);
    }

    private static final int PERSON = CocoClasses.indexOf("person");

    private static float clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }
}
