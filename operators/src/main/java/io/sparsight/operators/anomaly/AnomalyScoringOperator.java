package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.GreyPixels;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.ModelLoads;
import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.LateFrameReport;
import io.sparsight.operators.frames.LateFrames;
import io.sparsight.operators.frames.SlidingArrays;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores every frame of every camera with the camera's anomaly model (on a stream keyed by camera): the camera's
 * last {@code context} frames live in keyed state (checkpointed), and each frame with a full context becomes one
 * prediction. Predictions of all cameras of this subtask are batched: up to {@code batchSize} frames, or whatever
 * has waited {@code batchTimeoutMs}, whichever comes first; the batch is also scored before every checkpoint barrier
 * and at the end of input, so no frame waits in memory across a checkpoint.
 *
 * <p>Each model is loaded once per subtask, in the first frame that needs it, and closed in {@link #close()}. A
 * model that cannot be loaded is tried again with growing delays ({@link ModelLoads}); each failed attempt is an
 * {@code error} status of the camera that asked ({@link #MODEL_STATUS}) and its frames meanwhile are not scored;
 * other cameras go on. A camera's context starts
 * over when its stream restarts or skips more than {@code MAX_GAP_MS}, so frames from before a gap are not used to
 * predict frames after it.
 *
 * <p>A live camera's frame that reaches this stage more than {@code maxLag} after it was decoded ({@link LateFrames})
 * joins the context but is not scored (metric {@code lateFramesSkipped}): the stage catches up with the stream
 * instead of holding every camera of the job behind it.
 */
public class AnomalyScoringOperator extends AbstractStreamOperator<FrameScore>
        implements OneInputStreamOperator<VideoFrame, FrameScore>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyScoringOperator.class);
    /** A longer jump between two frames of a camera restarts its context. */
    static final long MAX_GAP_MS = 2000;

    private final AnomalyConfig config;

    /** The {@code error} status events of cameras whose model cannot be loaded ({@link ModelLoads}). */
    public static final OutputTag<EventRecord> MODEL_STATUS = new OutputTag<>("anomaly-model-status") {
        private static final long serialVersionUID = 1L;
    };

    private transient ValueState<byte[]> contextFrames;
    private transient ValueState<Long> lastOffset;
    private transient Map<String, AnomalyModel> models;
    /** Load attempts of each model reference (retried with growing delays after a failure). */
    private transient Map<String, ModelLoads> loads;
    private transient List<Pending> pending;
    private transient boolean timerArmed;
    private transient Map<String, double[]> lastPsnrByCamera;
    /** Milliseconds per model call, per model reference. */
    private transient SparsightMetrics.PerKey<Histogram> inferenceMs;
    private transient LateFrames lateFrames;
    private transient LateFrameReport lateFrameReport;
    private transient SparsightMetrics.PerKey<Counter> lateFramesSkipped;

    /** One frame waiting for the model: its context and itself, grey at the model's size. */
    private record Pending(VideoFrame frame, long timestamp, boolean hasTimestamp, String modelRef, byte[] context,
            byte[] current) {}

    public AnomalyScoringOperator(AnomalyConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        contextFrames = getPartitionedState(
                new ValueStateDescriptor<>("anomaly-context", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lastOffset = getPartitionedState(new ValueStateDescriptor<>("anomaly-last-offset", Types.LONG));
        models = new HashMap<>();
        loads = new HashMap<>();
        pending = new ArrayList<>();
        lastPsnrByCamera = new HashMap<>();
        inferenceMs = new SparsightMetrics.PerKey<>(getMetricGroup(), SparsightMetrics.MODEL,
                group -> group.histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram()));
        lateFrames = config.lateFrames();
        lateFrameReport = new LateFrameReport(LOG, "the anomaly stage", "anomaly.maxLag", config.maxLagMs());
        lateFramesSkipped = new SparsightMetrics.PerKey<>(getMetricGroup(), SparsightMetrics.CAMERA,
                group -> group.counter(SparsightMetrics.LATE_FRAMES_SKIPPED));
    }

    @Override
    public void processElement(StreamRecord<VideoFrame> element) throws Exception {
        VideoFrame frame = element.getValue();
        String ref = config.modelFor(frame.cameraId);
        AnomalyModel model = model(ref, frame);
        if (model == null) {
            return;
        }
        int frameBytes = model.width() * model.height();
        byte[] grey = FrameResize.packed(frame, 1, model.width(), model.height());
        byte[] context = contextFrames.value();
        Long previousOffset = lastOffset.value();
        boolean continuous = context != null && context.length % frameBytes == 0 && previousOffset != null
                && frame.streamOffsetMs >= previousOffset && frame.streamOffsetMs - previousOffset <= MAX_GAP_MS;
        if (!continuous) {
            context = new byte[0];
        }
        Counter late = lateFramesSkipped.get(frame.cameraId); // registered with the camera's first frame, at 0
        if (context.length == model.context() * frameBytes) {
            long now = System.currentTimeMillis();
            if (lateFrames.tooLate(frame, now)) {
                late.inc();
                lateFrameReport.skipped(frame.cameraId, 1, now - frame.arrivalMs, now);
            } else {
                pending.add(new Pending(frame, element.getTimestamp(), element.hasTimestamp(), ref, context, grey));
            }
        }
        contextFrames.update(SlidingArrays.slide(context, grey, model.context() * frameBytes));
        lastOffset.update(frame.streamOffsetMs);
        registerGauge(frame.cameraId);

        if (pending.size() >= config.batchSize()) {
            scorePending();
        } else if (!pending.isEmpty() && !timerArmed) {
            timerArmed = true;
            long due = getProcessingTimeService().getCurrentProcessingTime() + config.batchTimeoutMs();
            getProcessingTimeService().registerTimer(due, time -> {
                timerArmed = false;
                scorePending();
            });
        }
    }

    private AnomalyModel model(String ref, VideoFrame frame) {
        String camera = frame.cameraId;
        AnomalyModel model = models.get(ref);
        ModelLoads attempts = loads.computeIfAbsent(ref, r -> {
            ModelLoads created = new ModelLoads();
            getMetricGroup().addGroup(SparsightMetrics.MODEL, r).gauge(SparsightMetrics.MODEL_AVAILABLE,
                    created::available);
            return created;
        });
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (model != null || !attempts.due(now)) {
            return model;
        }
        try {
            model = ModelRef.open(ref, config.device(), AnomalyModel::bundled, AnomalyModel::load);
            models.put(ref, model);
            attempts.loaded();
            LOG.info("anomaly model {} loaded for camera {} ({}x{}, {} context frames, device {})", ref, camera,
                    model.width(), model.height(), model.context(), model.model().getNDManager().getDevice());
            return model;
        } catch (ModelArtifactException | RuntimeException e) {
            long retryMs = attempts.failed(now);
            LOG.error("camera {}: cannot load anomaly model '{}', so its frames are not scored for anomalies: {}. "
                    + "Fix the model path in the configuration (or train one with ./sparsight train anomaly);"
                    + " trying again in {} s.", camera, ref, e.getMessage(), retryMs / 1000);
            output.collect(MODEL_STATUS, new StreamRecord<>(ModelLoads.unavailable(frame, "the anomaly model " + ref,
                    e.getMessage(), retryMs), frame.captureTimeMs));
            return null;
        }
    }

    private void registerGauge(String camera) {
        if (!lastPsnrByCamera.containsKey(camera)) {
            double[] holder = {Double.NaN};
            lastPsnrByCamera.put(camera, holder);
            getMetricGroup().addGroup("camera", camera).gauge("anomalyPsnr", () -> holder[0]);
        }
    }

    /** Scores every waiting frame, a model and at most a batch at a time, and emits the scores in arrival order. */
    private void scorePending() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, List<Pending>> byModel = new LinkedHashMap<>();
        for (Pending p : pending) {
            byModel.computeIfAbsent(p.modelRef(), r -> new ArrayList<>()).add(p);
        }
        pending = new ArrayList<>();
        for (Map.Entry<String, List<Pending>> group : byModel.entrySet()) {
            AnomalyModel model = models.get(group.getKey());
            List<Pending> frames = group.getValue();
            for (int from = 0; from < frames.size(); from += config.batchSize()) {
                score(model, group.getKey(), frames.subList(from, Math.min(frames.size(), from + config.batchSize())));
            }
        }
    }

    private void score(AnomalyModel model, String ref, List<Pending> batch) {
        int frameBytes = model.width() * model.height();
        List<float[][]> contexts = new ArrayList<>(batch.size());
        List<float[]> actual = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            float[][] window = new float[model.context()][];
            for (int k = 0; k < model.context(); k++) {
                window[k] = GreyPixels.toUnitRange(p.context(), k * frameBytes, frameBytes);
            }
            contexts.add(window);
            actual.add(GreyPixels.toUnitRange(p.current(), 0, frameBytes));
        }
        long started = System.nanoTime();
        List<AnomalyModel.Prediction> predictions = model.score(contexts, actual);
        inferenceMs.get(ref).update((System.nanoTime() - started) / 1_000_000);
        NormalBaseline baseline = NormalBaseline.of(model.manifest());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            FrameScore score = new FrameScore();
            score.cameraId = p.frame().cameraId;
            score.model = ref;
            score.frameIndex = p.frame().frameIndex;
            score.streamOffsetMs = p.frame().streamOffsetMs;
            score.captureTimeMs = p.frame().captureTimeMs;
            score.arrivalMs = p.frame().arrivalMs;
            score.streamStartMs = p.frame().streamStartMs;
            score.live = p.frame().live;
            score.streamId = p.frame().streamId;
            score.framePsnr = predictions.get(i).framePsnr();
            score.regionPsnr = predictions.get(i).regionPsnr();
            score.normalPsnrMean = baseline.meanPsnr();
            score.normalPsnrStd = baseline.stdPsnr();
            score.normalAlarmGapDb = baseline.alarmGapDb();
            lastPsnrByCamera.get(score.cameraId)[0] = score.framePsnr;
            StreamRecord<FrameScore> record = new StreamRecord<>(score);
            if (p.hasTimestamp()) {
                record.setTimestamp(p.timestamp());
            }
            output.collect(record);
        }
    }

    /** Waiting frames are scored before a watermark passes them, so scores are never late downstream. */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        scorePending();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        scorePending();
    }

    @Override
    public void endInput() {
        scorePending();
    }

    @Override
    public void close() throws Exception {
        try {
            if (models != null) {
                models.values().forEach(AnomalyModel::close);
                models.clear();
            }
        } finally {
            super.close();
        }
    }
}
