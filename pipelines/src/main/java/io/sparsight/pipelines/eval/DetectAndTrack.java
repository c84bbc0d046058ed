package io.sparsight.pipelines.eval;

import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.operators.objects.ObjectTracker;
import io.sparsight.operators.objects.Track;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames through the detector and the tracker as the object stage runs them (batches of {@value #BATCH}, weak
 * detections from {@value #WEAK_SCORE}, tracks started from {@value #MIN_SCORE}, the tracker's defaults), for
 * evaluations that read a video outside Flink: each frame's confirmed tracks that were matched in it go to a
 * {@link Seen}, in frame order.
 */
public final class DetectAndTrack {

    /** What to do with one frame's tracks (valid until the next call). */
    @FunctionalInterface
    public interface Seen {
        void frame(long timeMs, DetectionModel.Frame frame, List<Track> tracks);
    }

    static final int BATCH = 4;
    static final float WEAK_SCORE = 0.2f;
    static final float MIN_SCORE = 0.4f;

    private final DetectionModel detector;
    private final Seen seen;
    private final ObjectTracker tracker = new ObjectTracker(ObjectTracker.Settings.defaults(MIN_SCORE), 0);
    private final List<Track> tracks = new ArrayList<>();
    private final List<DetectionModel.Frame> batch = new ArrayList<>(BATCH);
    private final List<Long> times = new ArrayList<>(BATCH);
    private int nextId = 1;

    public DetectAndTrack(DetectionModel detector, Seen seen) {
        this.detector = detector;
        this.seen = seen;
    }

    /** Adds the next frame (times increasing); detection runs when a batch is full. */
    public void add(DetectionModel.Frame frame, long timeMs) {
        batch.add(frame);
        times.add(timeMs);
        if (batch.size() == BATCH) {
            flush();
        }
    }

    /** Runs the frames still waiting for a full batch; call once after the last frame. */
    public void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<List<Detection>> found = detector.detectAll(batch, WEAK_SCORE);
        for (int k = 0; k < found.size(); k++) {
            long timeMs = times.get(k);
            nextId = tracker.update(tracks, nextId, found.get(k), timeMs, timeMs).nextId();
            List<Track> now = new ArrayList<>();
            for (Track track : tracks) {
                if (track.confirmed() && track.lastMs == timeMs) {
                    now.add(track);
                }
            }
            seen.frame(timeMs, batch.get(k), now);
        }
        batch.clear();
        times.clear();
    }
}
