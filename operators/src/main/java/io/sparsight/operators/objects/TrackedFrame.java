package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.PoseMatching;
import io.sparsight.models.detection.PoseModel;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A frame the detector looked at, as the object stage saw it: where it lies in its camera's stream and the confirmed
 * tracks matched in it (what the track-grounding stage reads instead of pixels), people with their poses where the
 * camera asks for them. A Flink POJO; the objects are kept as parallel arrays, boxes in the camera's analysis pixels.
 */
public class TrackedFrame {

    public String cameraId;
    public long streamOffsetMs;
    public long captureTimeMs;
    public long streamStartMs;
    public long streamId;
    public long arrivalMs;
    public boolean live;
    /** The analysis size the boxes are in. */
    public int width;
    public int height;
    public int[] trackIds;
    public int[] classIds;
    /** {@code x1, y1, x2, y2} per object. */
    public float[] boxes;
    public float[] scores;
    /** The track's smoothed speed, in its own box heights per second. */
    public float[] speeds;
    /**
     * People's poses ({@link TrackedObject#KEYPOINTS} {@code (x, y, score)} triples per object, fractions of the
     * frame, NaN for an object without one); null when no object has a pose.
     */
    public float[] keypoints;

    public TrackedFrame() {}

    /** The confirmed tracks of {@code tracks} that were matched in {@code frame}. */
    static TrackedFrame of(VideoFrame frame, List<Track> tracks) {
        List<Track> seen = new ArrayList<>();
        for (Track track : tracks) {
            if (track.confirmed() && track.lastMs == frame.captureTimeMs && track.misses == 0) {
                seen.add(track);
            }
        }
        TrackedFrame out = new TrackedFrame();
        out.cameraId = frame.cameraId;
        out.streamOffsetMs = frame.streamOffsetMs;
        out.captureTimeMs = frame.captureTimeMs;
        out.streamStartMs = frame.streamStartMs;
        out.streamId = frame.streamId;
        out.arrivalMs = frame.arrivalMs;
        out.live = frame.live;
        out.width = frame.width;
        out.height = frame.height;
        out.trackIds = new int[seen.size()];
        out.classIds = new int[seen.size()];
        out.boxes = new float[4 * seen.size()];
        out.scores = new float[seen.size()];
        out.speeds = new float[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            Track track = seen.get(i);
            out.trackIds[i] = track.id;
            out.classIds[i] = track.classId;
            out.boxes[4 * i] = track.x1;
            out.boxes[4 * i + 1] = track.y1;
            out.boxes[4 * i + 2] = track.x2;
            out.boxes[4 * i + 3] = track.y2;
            out.scores[i] = track.bestScore;
            out.speeds[i] = (float) (Math.hypot(track.vx, track.vy) * 1000 / Math.max(1, track.y2 - track.y1));
        }
        return out;
    }

    /** Whether one of the objects is a person. */
    boolean hasPerson() {
        for (int classId : classIds) {
            if (classId == PERSON) {
                return true;
            }
        }
        return false;
    }

    /** Gives each person the pose whose box overlaps its own the most ({@link PoseMatching}), people in track order. */
    void attachPoses(List<PoseModel.Pose> poses) {
        int values = 3 * TrackedObject.KEYPOINTS;
        float[] all = new float[trackIds.length * values];
        Arrays.fill(all, Float.NaN);
        PoseMatching matching = new PoseMatching(poses);
        boolean any = false;
        for (int i = 0; i < trackIds.length; i++) {
            if (classIds[i] != PERSON) {
                continue;
            }
            float[] pose = matching.take(clip(boxes[4 * i] / width), clip(boxes[4 * i + 1] / height),
                    clip(boxes[4 * i + 2] / width), clip(boxes[4 * i + 3] / height));
            if (pose != null) {
                System.arraycopy(pose, 0, all, i * values, values);
                any = true;
            }
        }
        keypoints = any ? all : null;
    }

    /** Object {@code i}'s pose in poses kept as {@link #keypoints} keeps them (NaN: none; null: no poses), or null. */
    public static float[] poseAt(float[] keypoints, int i) {
        int values = 3 * TrackedObject.KEYPOINTS;
        if (keypoints == null || Float.isNaN(keypoints[i * values])) {
            return null;
        }
        return Arrays.copyOfRange(keypoints, i * values, (i + 1) * values);
    }

    private static final int PERSON = CocoClasses.indexOf("person");

    /** The objects as the track-grounding model takes them: boxes as fractions of the frame, clipped to it. */
    public List<TrackedObject> objects() {
        List<TrackedObject> objects = new ArrayList<>(trackIds.length);
        for (int i = 0; i < trackIds.length; i++) {
            float x1 = clip(boxes[4 * i] / width);
            float y1 = clip(boxes[4 * i + 1] / height);
            float x2 = Math.max(x1, clip(boxes[4 * i + 2] / width));
            float y2 = Math.max(y1, clip(boxes[4 * i + 3] / height));
            objects.add(new TrackedObject(trackIds[i], CocoClasses.NAMES.get(classIds[i]), x1, y1, x2, y2, scores[i],
                    poseAt(keypoints, i)));
        }
        return objects;
    }

    private static float clip(float v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public String toString() {
        return "TrackedFrame{" + cameraId + " @" + streamOffsetMs + "ms, " + trackIds.length + " objects}";
    }
}
