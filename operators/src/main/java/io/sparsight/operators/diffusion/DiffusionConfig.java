package io.sparsight.operators.diffusion;

import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.anomaly.PredictionErrorSpanFunction;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.operators.frames.LateFrames;
import io.sparsight.operators.metrics.SparsightMetrics;

import java.io.Serializable;

/**
 * Settings of the diffusion stage: the video DiT every camera with {@code diffusion: true} runs, where, how its
 * predictions are batched across cameras, the sampler's seed, and how their error becomes
 * {@code io.sparsight.prediction} events (thresholds on the live score, as the anomaly stage's).
 *
 * @param model {@code bundled:<name>} or a model folder (with its attention plan)
 * @param device auto (a GPU when DJL sees one), cpu, gpu or gpu:N
 * @param batchSize predictions per model call, at most
 * @param batchTimeoutMs how long a prediction waits for a fuller batch
 * @param seed seeds the sampler: a camera's prediction of the stride starting at frame n uses {@code seed + n}
 * @param repair fill the gaps a camera leaves (frames lost) with synthetic frames and report them
 * @param maxRepairFrames a gap of more frames than this is not filled (the camera's prediction starts over)
 * @param maxLagMs a live camera's stride whose last frame reaches the stage later than this after it was decoded is
 *     not predicted ({@link LateFrames}; its frames stay in the window, gaps are still repaired); 0 predicts every one
 */
public record DiffusionConfig(String model, String device, int batchSize, long batchTimeoutMs, long seed,
        double enterThreshold, double exitThreshold, long minDurationMs, long quietMs, long idleCloseMs, boolean repair,
        int maxRepairFrames, long maxLagMs) implements Serializable {

    public static final String DEFAULT_MODEL = ModelStore.BUNDLED_PREFIX + DiffusionModel.BUNDLED;

    public DiffusionConfig {
        if (batchSize < 1 || batchTimeoutMs < 0) {
            throw new IllegalArgumentException("diffusion batching needs batchSize >= 1 and batchTimeout >= 0");
        }
        if (maxRepairFrames < 1) {
            throw new IllegalArgumentException("diffusion maxRepairFrames must be at least 1, got " + maxRepairFrames);
        }
        if (!Devices.isValid(device)) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + device + "'");
        }
        new SpanTracker(enterThreshold, exitThreshold, minDurationMs, quietMs); // checks the thresholds
        new LateFrames(maxLagMs); // checks the limit
    }

    /**
     * The defaults: the bundled Ped2 model on a GPU when there is one; batches of up to 8 predictions or 100 ms;
     * seed 42; spans as the anomaly stage's (open at 0.5, stay open down to 0.3, at least 1 s, close after 1 s below
     * or 5 s after the camera's last frame); gaps of up to 8 frames filled; live strides more than 2 s late not
     * predicted.
     */
    public static DiffusionConfig defaults() {
        return new DiffusionConfig(DEFAULT_MODEL, "auto", 8, 100, 42, 0.5, 0.3, 1000, 1000, 5000, true, 8, 2000);
    }

    public DiffusionConfig withModel(String value) {
        return new DiffusionConfig(value, device, batchSize, batchTimeoutMs, seed, enterThreshold, exitThreshold,
                minDurationMs, quietMs, idleCloseMs, repair, maxRepairFrames, maxLagMs);
    }

    public DiffusionConfig withBatching(int size, long timeoutMs) {
        return new DiffusionConfig(model, device, size, timeoutMs, seed, enterThreshold, exitThreshold, minDurationMs,
                quietMs, idleCloseMs, repair, maxRepairFrames, maxLagMs);
    }

    /** Which live strides come too late to be predicted. */
    public LateFrames lateFrames() {
        return new LateFrames(maxLagMs);
    }

    /** How scores become {@code io.sparsight.prediction} events. */
    public PredictionErrorSpanFunction.Rules spanRules() {
        return new PredictionErrorSpanFunction.Rules(EventTypes.PREDICTION, SparsightMetrics.PREDICTION_SCORE,
                "prediction", new SpanTracker(enterThreshold, exitThreshold, minDurationMs, quietMs), idleCloseMs, true);
    }
}
