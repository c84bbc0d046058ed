package io.sparsight.operators.diffusion;

import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameScores;
import io.sparsight.models.anomaly.GreyPixels;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.anomaly.FrameScore;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.ModelLoads;
import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.LateFrameReport;
import io.sparsight.operators.frames.LateFrames;
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
import java.util.Arrays;
import java.util.List;

/**
 * Predicts every camera's frames with the video DiT (on a stream keyed by camera), scores what arrives against the
 * prediction, and fills the gaps a camera leaves.
 *
 * <p>Prediction: the camera's last {@code M + K} frames at the model's size live in keyed state (checkpointed, a
 * {@link CameraWindow}); every {@code S} frames (the model's {@link DiffusionModel#scoreStride()}, 1 to {@code K}),
 * once {@code M + S} have come in a row, the next {@code K} frames are predicted from the {@code M} before the last
 * {@code S}, and each of those {@code S} frames becomes a {@link FrameScore} with the PSNR of its prediction (whole
 * frame and worst region). The sampler's seed of a stride is the config's seed plus the index of its first frame, so a
 * camera's scores do not depend on what else is batched with it.
 *
 * <p>Repair (when the config asks): a step between two frames of more than 1.5 intervals is a gap
 * ({@link GapRepair}). A gap of at most {@code maxRepairFrames} frames with {@code M} frames before it waits for the
 * frames after it that its repair needs, is then filled at once on the task thread (repairs are rare), and each filled
 * frame goes to {@link #SYNTHETIC_FRAMES} flagged {@link VideoFrame#synthetic}, with one {@code io.sparsight.repair}
 * event to {@link #REPAIRS}; the window then goes on over the filled frames. Both carry the timestamp of the frame that
 * completed the repair, so they are never late downstream. A gap it cannot fill (too long, too early, or another gap
 * while waiting), a stream that restarts, or a jump of more than {@code MAX_GAP_MS} starts the window over.
 *
 * <p>Predictions of all cameras of this subtask are batched as the anomaly stage's frames are: up to
 * {@code batchSize}, or whatever has waited {@code batchTimeoutMs}, and always before a watermark, a checkpoint
 * barrier and the end of input. The model is loaded once per subtask; when it cannot be, that is logged once and no
 * camera is scored, and the rest of the job goes on.
 *
 * <p>A live camera's stride whose last frame reaches this stage more than {@code maxLag} after it was decoded
 * ({@link LateFrames}) is not predicted (its frames stay in the window; metric {@code lateFramesSkipped}): the stage
 * catches up with the stream instead of holding every camera of the job behind it.
 */
public class DiffusionScoringOperator extends AbstractStreamOperator<FrameScore>
        implements OneInputStreamOperator<VideoFrame, FrameScore>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DiffusionScoringOperator.class);
    /** A longer jump between two frames of a camera restarts its window. */
    static final long MAX_GAP_MS = 2000;
    private static final int META = CameraWindow.META;

    /** Every predicted frame, flagged {@link VideoFrame#predicted}, for the clips of prediction events. */
    public static final OutputTag<VideoFrame> PREDICTED_FRAMES = new OutputTag<>("diffusion-predicted-frames") {};
    /** The frames made to fill gaps, flagged synthetic. */
    public static final OutputTag<VideoFrame> SYNTHETIC_FRAMES = new OutputTag<>("diffusion-synthetic-frames") {};
    /** One {@code io.sparsight.repair} event per filled gap. */
    public static final OutputTag<EventRecord> REPAIRS = new OutputTag<>("diffusion-repairs") {};
    /** The {@code error} status events of cameras that asked for the model while it could not be loaded. */
    public static final OutputTag<EventRecord> MODEL_STATUS = new OutputTag<>("diffusion-model-status") {};

    private final DiffusionConfig config;

    private transient ValueState<byte[]> windowFrames;
    private transient ValueState<long[]> windowMeta;
    private transient ValueState<Integer> sinceLastPrediction;
    /** A gap waiting for frames after it: {missing frames, interval ms}; the frames so far in the two below. */
    private transient ValueState<long[]> gap;
    private transient ValueState<byte[]> afterGapFrames;
    private transient ValueState<long[]> afterGapMeta;
    private transient DiffusionModel model;
    /** Load attempts of the model (retried with growing delays after a failure). */
    private transient ModelLoads loads;
    private transient List<Pending> pending;
    private transient boolean timerArmed;
    private transient Histogram inferenceMs;
    private transient LateFrames lateFrames;
    private transient LateFrameReport lateFrameReport;
    private transient SparsightMetrics.PerKey<Counter> lateFramesSkipped;

    /** One stride waiting for the model: the frame that completed it and the window (frames and their places). */
    private record Pending(VideoFrame frame, long timestamp, boolean hasTimestamp, byte[] window, long[] meta) {}

    public DiffusionScoringOperator(DiffusionConfig config) {
        this.config = config;
    }

    @Override
    public void open() throws Exception {
        super.open();
        windowFrames = getPartitionedState(
                new ValueStateDescriptor<>("diffusion-window", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        windowMeta = getPartitionedState(
                new ValueStateDescriptor<>("diffusion-window-meta", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        sinceLastPrediction = getPartitionedState(new ValueStateDescriptor<>("diffusion-since-last", Types.INT));
        gap = getPartitionedState(
                new ValueStateDescriptor<>("diffusion-gap", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        afterGapFrames = getPartitionedState(new ValueStateDescriptor<>("diffusion-after-gap",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        afterGapMeta = getPartitionedState(new ValueStateDescriptor<>("diffusion-after-gap-meta",
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = new ArrayList<>();
        inferenceMs = getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model())
                .histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram());
        lateFrames = config.lateFrames();
        lateFrameReport = new LateFrameReport(LOG, "the diffusion stage", "diffusion.maxLag", config.maxLagMs());
        lateFramesSkipped = new SparsightMetrics.PerKey<>(getMetricGroup(), SparsightMetrics.CAMERA,
                group -> group.counter(SparsightMetrics.LATE_FRAMES_SKIPPED));
    }

    @Override
    public void processElement(StreamRecord<VideoFrame> element) throws Exception {
        VideoFrame frame = element.getValue();
        DiffusionModel diffusion = model(frame);
        if (diffusion == null) {
            return;
        }
        VideoDitBlock.Hyperparameters hp = diffusion.hyperparameters();
        int frameBytes = hp.width() * hp.height();
        byte[] grey = FrameResize.packed(frame, 1, hp.width(), hp.height());
        CameraWindow window = CameraWindow.of(windowFrames.value(), windowMeta.value(), frameBytes);
        long[] waiting = gap.value();
        if (waiting != null) {
            if (afterGap(element, grey, window, waiting, hp)) {
                return;
            }
            window = CameraWindow.empty(frameBytes); // the repair was given up: start over from this frame
        }
        long stepMs = window.isEmpty() ? -1 : frame.streamOffsetMs - window.lastOffsetMs();
        boolean continuous = stepMs >= 0 && stepMs <= MAX_GAP_MS;
        int missing = continuous ? GapRepair.missingFrames(stepMs, GapRepair.intervalMs(window.offsetsMs())) : 0;
        if (missing > 0 && config.repair() && missing <= config.maxRepairFrames()
                && window.size() >= hp.conditionFrames()) {
            gap.update(new long[] {missing, GapRepair.intervalMs(window.offsetsMs())});
            afterGapFrames.update(null);
            afterGapMeta.update(null);
            afterGap(element, grey, window, gap.value(), hp);
            return;
        }
        if (!continuous || (missing > 0 && config.repair())) {
            window = CameraWindow.empty(frameBytes);
            sinceLastPrediction.update(0);
        }
        window = window.plus(grey, frame.frameIndex, frame.streamOffsetMs, frame.captureTimeMs, hp.frames());
        store(window);
        int since = sinceLastPrediction.value() == null ? 0 : sinceLastPrediction.value();
        since++;
        Counter late = lateFramesSkipped.get(frame.cameraId); // registered with the camera's first frame, at 0
        int stride = diffusion.scoreStride();
        if (window.size() >= hp.conditionFrames() + stride && since >= stride) {
            long now = System.currentTimeMillis();
            if (lateFrames.tooLate(frame, now)) {
                late.inc(stride);
                lateFrameReport.skipped(frame.cameraId, stride, now - frame.arrivalMs, now);
            } else {
                pending.add(new Pending(frame, element.getTimestamp(), element.hasTimestamp(), window.frames,
                        window.meta));
            }
            since = 0;
        }
        sinceLastPrediction.update(since);

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

    /**
     * A frame while a gap waits for the frames after it: kept, and the gap filled once there are enough. Returns false
     * when the frame does not follow the last one (another gap, a restart): the repair is given up.
     */
    private boolean afterGap(StreamRecord<VideoFrame> element, byte[] grey, CameraWindow window, long[] waiting,
            VideoDitBlock.Hyperparameters hp) throws Exception {
        VideoFrame frame = element.getValue();
        int missing = (int) waiting[0];
        long intervalMs = waiting[1];
        CameraWindow after = CameraWindow.of(afterGapFrames.value(), afterGapMeta.value(), grey.length);
        boolean follows = after.isEmpty() || (frame.streamOffsetMs > after.lastOffsetMs()
                && GapRepair.missingFrames(frame.streamOffsetMs - after.lastOffsetMs(), intervalMs) == 0);
        if (!follows) {
            clearGap();
            return false;
        }
        int needed = GapRepair.framesNeededAfter(missing, hp.targetFrames());
        after = after.plus(grey, frame.frameIndex, frame.streamOffsetMs, frame.captureTimeMs, needed);
        if (after.size() < needed) {
            afterGapFrames.update(after.frames);
            afterGapMeta.update(after.meta);
            return true;
        }
        clearGap();
        long lastRealOffsetMs = window.lastOffsetMs();
        List<VideoFrame> filled = fill(frame, window, after, missing, intervalMs);
        for (VideoFrame synthetic : filled) {
            window = window.plus(synthetic.pixels, synthetic.frameIndex, synthetic.streamOffsetMs,
                    synthetic.captureTimeMs, hp.frames());
            output.collect(SYNTHETIC_FRAMES, withTimestampOf(element, synthetic));
        }
        output.collect(REPAIRS, withTimestampOf(element, RepairEvents.of(filled, intervalMs, lastRealOffsetMs,
                after.offsetMs(0), frame.arrivalMs, config.model())));
        for (int i = 0; i < after.size(); i++) {
            window = window.plus(Arrays.copyOfRange(after.frames, i * grey.length, (i + 1) * grey.length),
                    after.frameIndex(i), after.offsetMs(i), after.captureMs(i), hp.frames());
        }
        store(window);
        sinceLastPrediction.update(0);
        return true;
    }

    /** The missing frames between the window's last frame and the first of {@code after}, as synthetic frames. */
    private List<VideoFrame> fill(VideoFrame completing, CameraWindow before, CameraWindow after, int missing,
            long intervalMs) {
        VideoDitBlock.Hyperparameters hp = model.hyperparameters();
        long seed = config.seed() + before.frameIndex(before.size() - 1);
        long started = System.nanoTime();
        List<float[]> pixels = GapRepair.fill(model, before.unitFrames(), missing, after.unitFrames(), seed);
        inferenceMs.update((System.nanoTime() - started) / 1_000_000);
        int last = before.size() - 1;
        List<VideoFrame> filled = new ArrayList<>(missing);
        for (int j = 0; j < missing; j++) {
            VideoFrame synthetic = new VideoFrame(completing.cameraId, -1, before.offsetMs(last) + (j + 1) * intervalMs,
                    completing.streamStartMs, hp.width(), hp.height(), 1, GreyPixels.fromUnitRange(pixels.get(j)));
            synthetic.captureTimeMs = before.captureMs(last) + (j + 1) * intervalMs;
            synthetic.arrivalMs = completing.arrivalMs;
            synthetic.synthetic = true;
            synthetic.live = completing.live;
            synthetic.streamId = completing.streamId;
            filled.add(synthetic);
        }
        LOG.info("camera {}: filled a gap of {} frames after {} ms", completing.cameraId, missing,
                before.offsetMs(last));
        return filled;
    }

    private static <T> StreamRecord<T> withTimestampOf(StreamRecord<?> element, T value) {
        return element.hasTimestamp() ? new StreamRecord<>(value, element.getTimestamp()) : new StreamRecord<>(value);
    }

    private void store(CameraWindow window) throws Exception {
        windowFrames.update(window.frames);
        windowMeta.update(window.meta);
    }

    private void clearGap() {
        gap.clear();
        afterGapFrames.clear();
        afterGapMeta.clear();
    }

    private DiffusionModel model(VideoFrame frame) {
        if (loads == null) {
            loads = new ModelLoads();
            getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model()).gauge(SparsightMetrics.MODEL_AVAILABLE,
                    loads::available);
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        if (model != null || !loads.due(now)) {
            return model;
        }
        try {
            model = ModelRef.open(config.model(), config.device(), DiffusionModel::bundled, DiffusionModel::load);
            loads.loaded();
            VideoDitBlock.Hyperparameters hp = model.hyperparameters();
            LOG.info("diffusion model {} loaded (first camera {}; {}x{}, {} past -> {} predicted frames, device {})",
                    config.model(), frame.cameraId, hp.width(), hp.height(), hp.conditionFrames(), hp.targetFrames(),
                    model.model().getNDManager().getDevice());
            return model;
        } catch (ModelArtifactException | RuntimeException e) {
            long retryMs = loads.failed(now);
            LOG.error("cannot load diffusion model '{}', so no camera's frames are predicted: {}. Fix diffusion.model"
                    + " in the configuration (or train one with ./sparsight train diffusion); trying again in {} s.",
                    config.model(), e.getMessage(), retryMs / 1000);
            output.collect(MODEL_STATUS, new StreamRecord<>(ModelLoads.unavailable(frame, "the diffusion model "
                    + config.model(), e.getMessage(), retryMs), frame.captureTimeMs));
            return null;
        }
    }

    /** Predicts every waiting stride, at most a batch at a time, and emits the scores in arrival order. */
    private void scorePending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> waiting = pending;
        pending = new ArrayList<>();
        for (int from = 0; from < waiting.size(); from += config.batchSize()) {
            score(waiting.subList(from, Math.min(waiting.size(), from + config.batchSize())));
        }
    }

    private void score(List<Pending> batch) {
        VideoDitBlock.Hyperparameters hp = model.hyperparameters();
        int frameBytes = hp.width() * hp.height();
        int m = hp.conditionFrames();
        int stride = model.scoreStride();
        List<float[][]> conditions = new ArrayList<>(batch.size());
        long[] seeds = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            int first = firstConditionSlot(p, frameBytes, m, stride);
            float[][] past = new float[m][];
            for (int k = 0; k < m; k++) {
                past[k] = GreyPixels.toUnitRange(p.window(), (first + k) * frameBytes, frameBytes);
            }
            conditions.add(past);
            seeds[i] = config.seed() + p.meta()[(first + m) * META];
        }
        long started = System.nanoTime();
        List<float[][]> predictions = model.predict(conditions, seeds);
        inferenceMs.update((System.nanoTime() - started) / 1_000_000);
        NormalBaseline baseline = NormalBaseline.of(model.manifest());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            int first = firstConditionSlot(p, frameBytes, m, stride);
            for (int f = 0; f < stride; f++) {
                int slot = first + m + f;
                float[] actual = GreyPixels.toUnitRange(p.window(), slot * frameBytes, frameBytes);
                float[] predicted = predictions.get(i)[f];
                FrameScore score = new FrameScore();
                score.cameraId = p.frame().cameraId;
                score.model = config.model();
                score.frameIndex = p.meta()[slot * META];
                score.streamOffsetMs = p.meta()[slot * META + 1];
                score.captureTimeMs = p.meta()[slot * META + 2];
                score.arrivalMs = p.frame().arrivalMs;
                score.streamStartMs = p.frame().streamStartMs;
                score.live = p.frame().live;
                score.streamId = p.frame().streamId;
                score.framePsnr = FrameScores.psnr(predicted, actual);
                score.regionPsnr = FrameScores.worstRegionPsnr(predicted, actual, hp.width(), hp.height(),
                        Math.min(AnomalyModel.REGION, Math.min(hp.width(), hp.height())));
                score.normalPsnrMean = baseline.meanPsnr();
                score.normalPsnrStd = baseline.stdPsnr();
                score.normalAlarmGapDb = baseline.alarmGapDb();
                StreamRecord<FrameScore> record = new StreamRecord<>(score);
                StreamRecord<VideoFrame> prediction = new StreamRecord<>(predictedFrame(score, predicted, hp));
                if (p.hasTimestamp()) {
                    record.setTimestamp(p.timestamp());
                    prediction.setTimestamp(p.timestamp());
                }
                output.collect(record);
                output.collect(PREDICTED_FRAMES, prediction);
            }
        }
    }

    /** The window slot of the first of the {@code m} frames a stride is predicted from: its last frames are scored. */
    private static int firstConditionSlot(Pending p, int frameBytes, int m, int stride) {
        return p.window().length / frameBytes - stride - m;
    }

    /** The prediction of the frame {@code score} is about, as a grey frame at the model's size. */
    private static VideoFrame predictedFrame(FrameScore score, float[] predicted, VideoDitBlock.Hyperparameters hp) {
        VideoFrame frame = new VideoFrame(score.cameraId, score.frameIndex, score.streamOffsetMs, score.streamStartMs,
                hp.width(), hp.height(), 1, GreyPixels.fromUnitRange(predicted));
        frame.captureTimeMs = score.captureTimeMs;
        frame.streamId = score.streamId;
        frame.live = score.live;
        frame.arrivalMs = score.arrivalMs;
        frame.predicted = true;
        return frame;
    }

    /** Waiting strides are scored before a watermark passes them, so scores are never late downstream. */
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
            if (model != null) {
                model.close();
                model = null;
            }
        } finally {
            super.close();
        }
    }
}
