package io.sparsight.operators.objects;

import io.sparsight.models.detection.Detection;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * One camera's tracking step, Flink-free: the detections of a frame in, the camera's tracks updated in place, the
 * events out ({@code io.sparsight.zone} as confirmed tracks enter, leave or loiter in zones,
 * {@code io.sparsight.object} for each track that ended, after its zone leaves).
 */
public final class CameraTracking {

    /** What a step gave: the next track id, and the events. */
    public record Result(int nextId, List<EventRecord> events) {}

    private final ObjectsConfig config;
    private final CameraObjects camera;
    private final ZoneWatcher watcher;

    public CameraTracking(ObjectsConfig config, CameraObjects camera) {
        this.config = config;
        this.camera = camera;
        this.watcher = new ZoneWatcher(camera.zones());
    }

    /** Whether the detector should look at the camera's next frame whatever the motion: a track is unsettled. */
    public static boolean unsettled(List<Track> tracks) {
        for (Track track : tracks) {
            if (!track.confirmed() || track.misses > 0) {
                return true;
            }
        }
        return false;
    }

    /** The step of {@code frame}'s detections ({@code found}: every class, weak ones too). */
    public Result detected(VideoFrame frame, List<Track> tracks, int nextId, List<Detection> found) {
        List<Detection> kept = new ArrayList<>(found.size());
        for (Detection d : found) {
            if (camera.tracks(d.classId())) {
                kept.add(d);
            }
        }
        ObjectTracker tracker = new ObjectTracker(config.tracker(camera.minScore()), watcher.size());
        ObjectTracker.Step step = tracker.update(tracks, nextId, kept, frame.captureTimeMs, frame.streamOffsetMs);
        List<EventRecord> events = new ArrayList<>();
        for (Track track : tracks) {
            if (track.confirmed()) {
                for (ZoneWatcher.Change change : watcher.update(track, frame.captureTimeMs, frame.width,
                        frame.height)) {
                    events.add(ObjectEvents.zone(frame.cameraId, frame.streamId, change, frame.streamOffsetMs,
                            frame.width, frame.height));
                }
            }
        }
        events.addAll(ended(frame.cameraId, frame.streamId, step.ended(), frame.width, frame.height));
        for (EventRecord event : events) {
            event.arrivalMs = frame.arrivalMs;
        }
        return new Result(step.nextId(), events);
    }

    /**
     * The events of tracks that ended (missed too often, or all of them when the camera went quiet or its stream was
     * replaced), in frames of {@code width} x {@code height}.
     */
    public List<EventRecord> ended(String cameraId, long streamId, List<Track> ended, int width, int height) {
        List<EventRecord> events = new ArrayList<>();
        for (Track track : ended) {
            for (ZoneWatcher.Change change : watcher.ended(track)) {
                events.add(ObjectEvents.zone(cameraId, streamId, change, track.lastOffsetMs, width, height));
            }
            events.add(ObjectEvents.ended(cameraId, streamId, track, watcher.visited(track), width, height,
                    config.model()));
        }
        return events;
    }
}
