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
import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Predicts every camera's frames with the video DiT (on a stream keyed by camera) and scores what arrives against
 * the prediction: the camera's last {@code M + K} frames at the model's size live in keyed state (checkpointed);
 * every {@code K} frames, once {@code M + K} have come in a row, the last {@code K} are predicted from the {@code M}
 * before them, and each of the {@code K} frames becomes a {@link FrameScore} with the PSNR of its prediction (whole
 * frame and worst region). The sampler's seed of a stride is the config's seed plus the index of its first frame,
 * so a camera's scores do not depend on what else is batched with it.
 *
 * <p>Predictions of all cameras of this subtask are batched as the anomaly stage's frames are: up to
 * {@code batchSize}, or whatever has waited {@code batchTimeoutMs}, and always before a watermark, a checkpoint
 * barrier and the end of input. The model is loaded once per subtask; when it cannot be, that is logged once and no
 * camera is scored, and the rest of the job goes on. A camera's window starts over when its stream restarts or skips
 * more than {@code MAX_GAP_MS}.
 */
public class DiffusionScoringOperator extends AbstractStreamOperator<FrameScore>
        implements OneInputStreamOperator<VideoFrame, FrameScore>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DiffusionScoringOperator.class);
    /** A longer jump between two frames of a camera restarts its window. */
    static final long MAX_GAP_MS = 2000;
    /** Longs kept per frame of the window: frame index, stream offset, capture time. */
    private static final int META = 3;

    private final DiffusionConfig config;

    private transient ValueState<byte[]> windowFrames;
    private transient ValueState<long[]> windowMeta;
    private transient ValueState<Integer> sinceLastPrediction;
    private transient DiffusionModel model;
    private transient boolean modelFailed;
    private transient List<Pending> pending;
    private transient boolean timerArmed;
    private transient Histogram inferenceMs;

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
        pending = new ArrayList<>();
        inferenceMs = getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model())
                .histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram());
    }

    @Override
    public void processElement(StreamRecord<VideoFrame> element) throws Exception {
        VideoFrame frame = element.getValue();
        DiffusionModel diffusion = model(frame.cameraId);
        if (diffusion == null) {
            return;
        }
        VideoDitBlock.Hyperparameters hp = diffusion.hyperparameters();
        int frameBytes = hp.width() * hp.height();
        int capacity = hp.frames();
        byte[] grey = FrameResize.packed(frame, 1, hp.width(), hp.height());
        byte[] window = windowFrames.value();
        long[] meta = windowMeta.value();
        boolean continuous = window != null && meta != null && window.length % frameBytes == 0
                && meta.length == window.length / frameBytes * META
                && frame.streamOffsetMs >= meta[meta.length - 2]
                && frame.streamOffsetMs - meta[meta.length - 2] <= MAX_GAP_MS;
        if (!continuous) {
            window = new byte[0];
            meta = new long[0];
            sinceLastPrediction.update(0);
        }
        window = slide(window, grey, capacity * frameBytes);
        meta = slide(meta, new long[] {frame.frameIndex, frame.streamOffsetMs, frame.captureTimeMs}, capacity * META);
        windowFrames.update(window);
        windowMeta.update(meta);
        int since = sinceLastPrediction.value() == null ? 0 : sinceLastPrediction.value();
        since++;
        if (window.length == capacity * frameBytes && since >= hp.targetFrames()) {
            pending.add(new Pending(frame, element.getTimestamp(), element.hasTimestamp(), window, meta));
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

    private static byte[] slide(byte[] window, byte[] item, int capacity) {
        int keep = Math.min(window.length, capacity - item.length);
        byte[] next = new byte[keep + item.length];
        System.arraycopy(window, window.length - keep, next, 0, keep);
        System.arraycopy(item, 0, next, keep, item.length);
        return next;
    }

    private static long[] slide(long[] window, long[] item, int capacity) {
        int keep = Math.min(window.length, capacity - item.length);
        long[] next = new long[keep + item.length];
        System.arraycopy(window, window.length - keep, next, 0, keep);
        System.arraycopy(item, 0, next, keep, item.length);
        return next;
    }

    private DiffusionModel model(String camera) {
        if (model != null || modelFailed) {
            return model;
        }
        try {
            model = ModelRef.open(config.model(), config.device(), DiffusionModel::bundled, DiffusionModel::load);
            VideoDitBlock.Hyperparameters hp = model.hyperparameters();
            LOG.info("diffusion model {} loaded (first camera {}; {}x{}, {} past -> {} predicted frames, device {})",
                    config.model(), camera, hp.width(), hp.height(), hp.conditionFrames(), hp.targetFrames(),
                    model.model().getNDManager().getDevice());
            return model;
        } catch (ModelArtifactException | RuntimeException e) {
            modelFailed = true;
            LOG.error("cannot load diffusion model '{}', so no camera's frames are predicted: {}. Fix diffusion.model"
                    + " in the configuration (or train one with ./sparsight train diffusion).", config.model(),
                    e.getMessage());
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
        List<float[][]> conditions = new ArrayList<>(batch.size());
        long[] seeds = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            float[][] past = new float[m][];
            for (int k = 0; k < m; k++) {
                past[k] = GreyPixels.toUnitRange(p.window(), k * frameBytes, frameBytes);
            }
            conditions.add(past);
            seeds[i] = config.seed() + p.meta()[m * META];
        }
        long started = System.nanoTime();
        List<float[][]> predictions = model.predict(conditions, seeds);
        inferenceMs.update((System.nanoTime() - started) / 1_000_000);
        NormalBaseline baseline = NormalBaseline.of(model.manifest());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            for (int f = 0; f < hp.targetFrames(); f++) {
                int slot = m + f;
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
                score.framePsnr = FrameScores.psnr(predicted, actual);
                score.regionPsnr = FrameScores.worstRegionPsnr(predicted, actual, hp.width(), hp.height(),
                        Math.min(AnomalyModel.REGION, Math.min(hp.width(), hp.height())));
                score.normalPsnrMean = baseline.meanPsnr();
                score.normalPsnrStd = baseline.stdPsnr();
                score.normalAlarmGapDb = baseline.alarmGapDb();
                StreamRecord<FrameScore> record = new StreamRecord<>(score);
                if (p.hasTimestamp()) {
                    record.setTimestamp(p.timestamp());
                }
                output.collect(record);
            }
        }
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
