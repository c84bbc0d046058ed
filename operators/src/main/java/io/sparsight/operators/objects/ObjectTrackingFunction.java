package io.sparsight.operators.objects;

import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.IdleTimers;
import io.sparsight.operators.events.ModelLoads;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object stage for one camera at a time (keyed by camera): the {@link DetectionGate} picks the frames to look at,
 * the detector finds the camera's classes in them, the {@link ObjectTracker} follows them as tracks and the
 * {@link ZoneWatcher} watches the tracks against the camera's zones. Out come {@code io.sparsight.zone} events as
 * tracks enter, leave or loiter, and an {@code io.sparsight.object} event per track when it ends (missed too often,
 * the camera quiet for {@code idleClose}, its stream replaced).
 *
 * <p>Tracks, the next track id and the gate are keyed state, so tracks and their ids survive a restore. The detector
 * is loaded once per subtask (one per TaskManager slot), in the first frame that needs it; one that cannot be loaded
 * is tried again with growing delays, each failure an {@code error} status of the camera that asked.
 */
public class ObjectTrackingFunction extends KeyedProcessFunction<String, VideoFrame, EventRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ObjectTrackingFunction.class);

    private final ObjectsConfig config;

    private transient ValueState<DetectionGate.State> gateState;
    private transient ListState<Track> tracksState;
    private transient ValueState<Integer> nextId;
    private transient ValueState<Long> streamId;
    /** The camera's analysis size (width, height), for the events of tracks that end in a timer. */
    private transient ValueState<int[]> frameSize;
    private transient IdleTimers idleTimers;
    private transient DetectionGate gate;
    private transient Map<String, ZoneWatcher> watchers;
    private transient DetectionModel model;
    private transient ModelLoads loads;
    private transient Histogram inferenceMs;

    public ObjectTrackingFunction(ObjectsConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        gateState = getRuntimeContext().getState(new ValueStateDescriptor<>("objects-gate", DetectionGate.State.class));
        tracksState = getRuntimeContext().getListState(new ListStateDescriptor<>("objects-tracks", Track.class));
        nextId = getRuntimeContext().getState(new ValueStateDescriptor<>("objects-next-id", Types.INT));
        streamId = getRuntimeContext().getState(new ValueStateDescriptor<>("objects-stream-id", Types.LONG));
        frameSize = getRuntimeContext().getState(new ValueStateDescriptor<>("objects-frame-size",
                PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        idleTimers = new IdleTimers(getRuntimeContext(), "objects-idle-timer");
        gate = new DetectionGate(config);
        watchers = new HashMap<>();
        loads = new ModelLoads();
        var modelGroup = getRuntimeContext().getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model());
        modelGroup.gauge(SparsightMetrics.MODEL_AVAILABLE, loads::available);
        inferenceMs = modelGroup.histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram());
    }

    @Override
    public void processElement(VideoFrame frame, Context ctx, Collector<EventRecord> out) throws Exception {
        CameraObjects camera = config.cameras().get(frame.cameraId);
        if (camera == null || frame.synthetic) {
            return;
        }
        List<Track> tracks = new ArrayList<>();
        tracksState.get().forEach(tracks::add);
        Long knownStream = streamId.value();
        if (knownStream != null && knownStream != frame.streamId) {
            endAll(frame.cameraId, tracks, out); // a new stream (a file read again, a camera restarted)
            gateState.clear();
        }
        streamId.update(frame.streamId);
        frameSize.update(new int[] {frame.width, frame.height});
        idleTimers.rearm(ctx.timerService(), frame.captureTimeMs, frame.live, config.idleCloseMs());

        DetectionGate.State state = gateState.value() == null ? new DetectionGate.State() : gateState.value();
        DetectionGate.Reason reason = gate.decide(frame, camera, state, unsettled(tracks));
        gateState.update(state);
        if (!reason.detects()) {
            return;
        }
        DetectionModel detector = model(frame, out);
        if (detector == null) {
            return;
        }
        long started = System.nanoTime();
        List<Detection> found = detector.detect(frame.pixels, frame.width, frame.height, frame.channels,
                (float) Math.min(config.weakScore(), camera.minScore()));
        inferenceMs.update((System.nanoTime() - started) / 1_000_000);
        List<Detection> kept = new ArrayList<>(found.size());
        for (Detection d : found) {
            if (camera.tracks(d.classId())) {
                kept.add(d);
            }
        }
        ZoneWatcher watcher = watcher(frame.cameraId, camera);
        ObjectTracker tracker = new ObjectTracker(config.tracker(camera.minScore()), watcher.size());
        ObjectTracker.Step step = tracker.update(tracks, nextId.value() == null ? 1 : nextId.value(), kept,
                frame.captureTimeMs, frame.streamOffsetMs);
        nextId.update(step.nextId());
        for (Track track : tracks) {
            if (track.confirmed()) {
                for (ZoneWatcher.Change change : watcher.update(track, frame.captureTimeMs, frame.width,
                        frame.height)) {
                    out.collect(arrived(ObjectEvents.zone(frame.cameraId, frame.streamId, change, frame.streamOffsetMs,
                            frame.width, frame.height), frame.arrivalMs));
                }
            }
        }
        for (Track track : step.ended()) {
            emitEnded(frame.cameraId, frame.streamId, track, watcher, frame.width, frame.height, out, frame.arrivalMs);
        }
        tracksState.update(tracks);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        if (!idleTimers.fired(ctx.timerService(), ctx.timeDomain(), timestamp)) {
            return;
        }
        List<Track> tracks = new ArrayList<>();
        tracksState.get().forEach(tracks::add);
        endAll(ctx.getCurrentKey(), tracks, out);
        tracksState.clear();
        gateState.clear();
    }

    /** Ends every track of the camera (idle, or its stream replaced) with its zone leaves and object event. */
    private void endAll(String camera, List<Track> tracks, Collector<EventRecord> out) throws Exception {
        CameraObjects settings = config.cameras().get(camera);
        int[] size = frameSize.value();
        Long stream = streamId.value();
        List<Track> ended = ObjectTracker.endAll(tracks);
        if (settings == null || size == null || stream == null) {
            return;
        }
        for (Track track : ended) {
            emitEnded(camera, stream, track, watcher(camera, settings), size[0], size[1], out, 0);
        }
    }

    private void emitEnded(String camera, long stream, Track track, ZoneWatcher watcher, int width, int height,
            Collector<EventRecord> out, long arrivalMs) {
        for (ZoneWatcher.Change change : watcher.ended(track)) {
            out.collect(arrived(ObjectEvents.zone(camera, stream, change, track.lastOffsetMs, width, height),
                    arrivalMs));
        }
        out.collect(arrived(ObjectEvents.ended(camera, stream, track, watcher.visited(track), width, height,
                config.model()), arrivalMs));
    }

    private static boolean unsettled(List<Track> tracks) {
        for (Track track : tracks) {
            if (!track.confirmed() || track.misses > 0) {
                return true;
            }
        }
        return false;
    }

    private ZoneWatcher watcher(String camera, CameraObjects settings) {
        return watchers.computeIfAbsent(camera, c -> new ZoneWatcher(settings.zones()));
    }

    private static EventRecord arrived(EventRecord event, long arrivalMs) {
        event.arrivalMs = arrivalMs;
        return event;
    }

    private DetectionModel model(VideoFrame frame, Collector<EventRecord> out) {
        long now = System.currentTimeMillis();
        if (model != null || !loads.due(now)) {
            return model;
        }
        try {
            model = DetectionModel.open(config.model(), config.device());
            loads.loaded();
            LOG.info("detector {} loaded (first camera {})", config.model(), frame.cameraId);
            return model;
        } catch (ModelArtifactException | RuntimeException e) {
            long retryMs = loads.failed(now);
            LOG.error("cannot load the detector '{}', so no camera's objects are tracked: {}. Fix objects.model in the"
                    + " configuration; trying again in {} s.", config.model(), e.getMessage(), retryMs / 1000);
            out.collect(ModelLoads.unavailable(frame, "the detector " + config.model(), e.getMessage(), retryMs));
            return null;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (model != null) {
                model.close();
                model = null;
            }
            if (gate != null) {
                gate.close();
            }
        } finally {
            super.close();
        }
    }
}
