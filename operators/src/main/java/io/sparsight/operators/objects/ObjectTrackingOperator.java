package io.sparsight.operators.objects;

import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.detection.PoseMatching;
import io.sparsight.models.detection.PoseModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.IdleTimers;
import io.sparsight.operators.events.ModelLoads;
import io.sparsight.operators.frames.LateFrameReport;
import io.sparsight.operators.frames.LateFrames;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.SimpleTimerService;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object stage (on a stream keyed by camera): the {@link DetectionGate} picks each camera's frames to look at,
 * the detector finds objects in the frames of every camera of this subtask in batches (up to {@code batchSize}, or
 * whatever waited {@code batchTimeout}, and always before a watermark, a checkpoint barrier and the end of input),
 * and {@link CameraTracking} follows each camera's objects as tracks against its zones, in arrival order. Out come
 * {@code io.sparsight.zone} and {@code io.sparsight.object} events, and on the side every detected frame's tracks
 * ({@link #TRACKED_FRAMES}, for the track-grounding stage); a camera quiet for {@code idleClose} (or whose stream is
 * replaced) has its tracks ended.
 *
 * <p>Tracks, the next track id and the gate are keyed state, so tracks and their ids survive a restore. The detector
 * is loaded once per subtask (one per TaskManager slot), in the first frame that needs it; one that cannot be loaded
 * is tried again with growing delays, each failure an {@code error} status of the camera that asked. Cameras that
 * ask for poses have their person tracks given one by the bundled pose model, loaded the same way.
 */
public class ObjectTrackingOperator extends AbstractStreamOperator<EventRecord>
        implements OneInputStreamOperator<VideoFrame, EventRecord>, BoundedOneInput,
        Triggerable<String, VoidNamespace> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ObjectTrackingOperator.class);

    /** Side output: each frame the detector looked at, with the confirmed tracks matched in it, per camera in order. */
    public static final OutputTag<TrackedFrame> TRACKED_FRAMES =
            new OutputTag<>("tracked-frames", TypeInformation.of(TrackedFrame.class));

    private final ObjectsConfig config;

    private transient ValueState<DetectionGate.State> gateState;
    private transient ListState<Track> tracksState;
    private transient ValueState<Integer> nextId;
    private transient ValueState<Long> streamId;
    /** The camera's analysis size (width, height), for the events of tracks that end in a timer. */
    private transient ValueState<int[]> frameSize;
    private transient TimerService timers;
    private transient IdleTimers idleTimers;
    private transient DetectionGate gate;
    private transient LateFrames lateFrames;
    private transient LateFrameReport lateFrameReport;
    private transient Map<String, CameraTracking> tracking;
    private transient DetectionModel model;
    private transient ModelLoads loads;
    /** People's poses, for the cameras that ask for them; loaded with the first such frame. */
    private transient PoseModel poseModel;
    private transient ModelLoads poseLoads;
    private transient Histogram inferenceMs;
    private transient List<Pending> pending;
    private transient boolean timerArmed;
    /** Frames by what the gate decided ({@link DetectionGate.Reason} ordinal), and detector calls: for the log. */
    private transient long[] framesByReason;
    private transient long detectorCalls;
    private transient long detectorMs;
    private transient SparsightMetrics.PerKey<Counter> detectedFrames;
    private transient SparsightMetrics.PerKey<Counter> skippedFrames;

    /** A frame waiting for the detector, with its record's timestamp. */
    private record Pending(VideoFrame frame, long timestamp, boolean hasTimestamp) {}

    public ObjectTrackingOperator(ObjectsConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        var context = getRuntimeContext();
        gateState = context.getState(new ValueStateDescriptor<>("objects-gate", DetectionGate.State.class));
        tracksState = context.getListState(new ListStateDescriptor<>("objects-tracks", Track.class));
        nextId = context.getState(new ValueStateDescriptor<>("objects-next-id", Types.INT));
        streamId = context.getState(new ValueStateDescriptor<>("objects-stream-id", Types.LONG));
        frameSize = context.getState(new ValueStateDescriptor<>("objects-frame-size",
                PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO));
        timers = new SimpleTimerService(getInternalTimerService("objects-idle", VoidNamespaceSerializer.INSTANCE,
                this));
        idleTimers = new IdleTimers(context, "objects-idle-timer");
        gate = new DetectionGate(config);
        lateFrames = config.lateFrames();
        lateFrameReport = new LateFrameReport(LOG, "the object stage", "objects.maxLag", config.maxLagMs());
        tracking = new HashMap<>();
        loads = new ModelLoads();
        poseLoads = new ModelLoads();
        pending = new ArrayList<>();
        var modelGroup = getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model());
        modelGroup.gauge(SparsightMetrics.MODEL_AVAILABLE, loads::available);
        inferenceMs = modelGroup.histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram());
        framesByReason = new long[DetectionGate.Reason.values().length];
        detectedFrames = new SparsightMetrics.PerKey<>(getMetricGroup(), SparsightMetrics.CAMERA,
                group -> group.counter(SparsightMetrics.OBJECT_FRAMES_DETECTED));
        skippedFrames = new SparsightMetrics.PerKey<>(getMetricGroup(), SparsightMetrics.CAMERA,
                group -> group.counter(SparsightMetrics.OBJECT_FRAMES_SKIPPED));
    }

    @Override
    public void processElement(StreamRecord<VideoFrame> element) throws Exception {
        VideoFrame frame = element.getValue();
        CameraObjects camera = config.cameras().get(frame.cameraId);
        if (camera == null || frame.synthetic) {
            return;
        }
        Long knownStream = streamId.value();
        if (knownStream != null && knownStream != frame.streamId) {
            detectPending(); // the old stream's frames first
            endAll(frame.cameraId, element.getTimestamp()); // a new stream: a file read again, a camera restarted
            gateState.clear();
        }
        streamId.update(frame.streamId);
        frameSize.update(new int[] {frame.width, frame.height});
        idleTimers.rearm(timers, frame.captureTimeMs, frame.live, config.idleCloseMs());

        DetectionGate.State state = gateState.value() == null ? new DetectionGate.State() : gateState.value();
        long now = System.currentTimeMillis();
        DetectionGate.Reason reason;
        if (lateFrames.tooLate(frame, now)) {
            reason = DetectionGate.Reason.LATE;
            lateFrameReport.skipped(frame.cameraId, 1, now - frame.arrivalMs, now);
        } else {
            reason = gate.decide(frame, camera, state, CameraTracking.unsettled(tracks()));
        }
        gateState.update(state);
        framesByReason[reason.ordinal()]++;
        (reason.detects() ? detectedFrames : skippedFrames).get(frame.cameraId).inc();
        if (!reason.detects() || model(frame) == null) {
            return;
        }
        pending.add(new Pending(frame, element.getTimestamp(), element.hasTimestamp()));
        if (pending.size() >= config.batchSize()) {
            detectPending();
        } else if (!timerArmed) {
            timerArmed = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + config.batchTimeoutMs();
            getProcessingTimeService().registerTimer(due, time -> {
                timerArmed = false;
                detectPending();
            });
        }
    }

    /** Detects in every waiting frame, a batch at a time, and tracks each camera's objects in arrival order. */
    private void detectPending() throws Exception {
        if (pending.isEmpty()) {
            return;
        }
        Object key = getCurrentKey();
        List<Pending> waiting = pending;
        pending = new ArrayList<>();
        for (int from = 0; from < waiting.size(); from += config.batchSize()) {
            List<Pending> batch = waiting.subList(from, Math.min(waiting.size(), from + config.batchSize()));
            List<DetectionModel.Frame> frames = new ArrayList<>(batch.size());
            float minScore = 1;
            for (Pending p : batch) {
                frames.add(new DetectionModel.Frame(p.frame().pixels, p.frame().width, p.frame().height,
                        p.frame().channels));
                minScore = (float) Math.min(minScore, Math.min(config.weakScore(),
                        config.cameras().get(p.frame().cameraId).minScore()));
            }
            long started = System.nanoTime();
            List<List<Detection>> found = model.detectAll(frames, minScore);
            long ms = (System.nanoTime() - started) / 1_000_000;
            inferenceMs.update(ms);
            detectorCalls++;
            detectorMs += ms;
            for (int k = 0; k < batch.size(); k++) {
                track(batch.get(k), found.get(k));
            }
        }
        if (key != null) {
            setCurrentKey(key);
        }
    }

    private void track(Pending p, List<Detection> found) throws Exception {
        VideoFrame frame = p.frame();
        setCurrentKey(frame.cameraId);
        List<Track> tracks = tracks();
        CameraTracking.Result result = tracking(frame.cameraId).detected(frame, tracks,
                nextId.value() == null ? 1 : nextId.value(), found);
        nextId.update(result.nextId());
        tracksState.update(tracks);
        for (EventRecord event : result.events()) {
            output.collect(p.hasTimestamp() ? new StreamRecord<>(event, p.timestamp()) : new StreamRecord<>(event));
        }
        TrackedFrame seen = TrackedFrame.of(frame, tracks);
        if (config.cameras().get(frame.cameraId).poses() && seen.hasPerson() && poseModel(frame) != null) {
            seen.attachPoses(poseModel.poses(frame.pixels, frame.width, frame.height, frame.channels,
                    PoseMatching.MIN_POSE_SCORE));
        }
        output.collect(TRACKED_FRAMES, p.hasTimestamp() ? new StreamRecord<>(seen, p.timestamp())
                : new StreamRecord<>(seen));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        idle(timer, TimeDomain.EVENT_TIME);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        idle(timer, TimeDomain.PROCESSING_TIME);
    }

    /** A camera's idle timer fired: its tracks end (after its waiting frames are tracked). */
    private void idle(InternalTimer<String, VoidNamespace> timer, TimeDomain domain) throws Exception {
        if (!idleTimers.fired(timers, domain, timer.getTimestamp())) {
            return;
        }
        detectPending();
        setCurrentKey(timer.getKey());
        endAll(timer.getKey(), domain == TimeDomain.EVENT_TIME ? timer.getTimestamp() : null);
        gateState.clear();
    }

    /** Ends every track of the current camera with its zone leaves and object event. */
    private void endAll(String camera, Long timestamp) throws Exception {
        CameraObjects settings = config.cameras().get(camera);
        int[] size = frameSize.value();
        Long stream = streamId.value();
        List<Track> ended = ObjectTracker.endAll(tracks());
        tracksState.clear();
        if (settings == null || size == null || stream == null) {
            return;
        }
        for (EventRecord event : tracking(camera).ended(camera, stream, ended, size[0], size[1])) {
            output.collect(timestamp == null ? new StreamRecord<>(event) : new StreamRecord<>(event, timestamp));
        }
    }

    private List<Track> tracks() throws Exception {
        List<Track> tracks = new ArrayList<>();
        tracksState.get().forEach(tracks::add);
        return tracks;
    }

    private CameraTracking tracking(String camera) {
        return tracking.computeIfAbsent(camera, c -> new CameraTracking(config, config.cameras().get(c)));
    }

    private DetectionModel model(VideoFrame frame) {
        if (model == null) {
            model = load(loads, frame, "the detector " + config.model(), "Fix objects.model in the configuration",
                    () -> DetectionModel.open(config.model(), config.device()));
        }
        return model;
    }

    private PoseModel poseModel(VideoFrame frame) {
        if (poseModel == null) {
            poseModel = load(poseLoads, frame, "the pose model " + PoseModel.BUNDLED,
                    "People are tracked without poses meanwhile",
                    () -> PoseModel.bundled(Devices.chosen(config.device())));
        }
        return poseModel;
    }

    private interface Opener<M> {
        M open() throws ModelArtifactException, IOException;
    }

    /**
     * Opens a model when its next try is due: null until it opens, each failure an {@code error} status of the camera
     * that asked and a longer wait before the next try.
     */
    private <M> M load(ModelLoads modelLoads, VideoFrame frame, String what, String meanwhile, Opener<M> opener) {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (!modelLoads.due(now)) {
            return null;
        }
        try {
            M opened = opener.open();
            modelLoads.loaded();
            LOG.info("{} loaded (first camera {})", what, frame.cameraId);
            return opened;
        } catch (ModelArtifactException | IOException | RuntimeException e) {
            long retryMs = modelLoads.failed(now);
            LOG.error("cannot load {}: {}. {}; trying again in {} s.", what, e.getMessage(), meanwhile,
                    retryMs / 1000);
            output.collect(new StreamRecord<>(ModelLoads.unavailable(frame, what, e.getMessage(), retryMs),
                    frame.captureTimeMs));
            return null;
        }
    }

    private String gateSummary() {
        StringBuilder summary = new StringBuilder();
        for (DetectionGate.Reason reason : DetectionGate.Reason.values()) {
            summary.append(summary.isEmpty() ? "" : ", ").append(reason.name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ').append(framesByReason[reason.ordinal()]);
        }
        return summary.toString();
    }

    /** Waiting frames are tracked before a watermark passes them (and before idle timers fire on it). */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        detectPending();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        detectPending();
    }

    @Override
    public void endInput() throws Exception {
        detectPending();
    }

    @Override
    public void close() throws Exception {
        if (framesByReason != null) {
            LOG.info("object stage: frames by what the motion gate decided {}; {} detector calls, {} ms in them",
                    gateSummary(), detectorCalls, detectorMs);
        }
        try {
            if (model != null) {
                model.close();
                model = null;
            }
            if (poseModel != null) {
                poseModel.close();
                poseModel = null;
            }
            if (gate != null) {
                gate.close();
            }
        } finally {
            super.close();
        }
    }
}
