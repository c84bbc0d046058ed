package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.operators.frames.LateFrames;
import io.sparsight.operators.metrics.SparsightMetrics;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of the anomaly stage: which model each camera uses, how frames are batched for the model, and how scores
 * become events.
 *
 * <p>A model reference is {@code bundled:<name>} (a model in the jar, e.g. {@code bundled:anomaly-ped2}) or the path
 * of a model folder.
 */
public final class AnomalyConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String BUNDLED_PREFIX = ModelStore.BUNDLED_PREFIX;
    public static final String DEFAULT_MODEL = BUNDLED_PREFIX + AnomalyModel.BUNDLED;

    private final String defaultModel;
    private final TreeMap<String, String> modelByCamera;
    private final String device;
    private final int batchSize;
    private final long batchTimeoutMs;
    private final double enterThreshold;
    private final double exitThreshold;
    private final long minDurationMs;
    private final long quietMs;
    private final long idleCloseMs;
    private final long maxLagMs;

    /**
     * @param device where models run: auto (a GPU when DJL sees one), cpu, gpu or gpu:N
     * @param maxLagMs a live camera's frame that reaches the stage later than this after it was decoded is not scored
     *     ({@link LateFrames}); 0 scores every frame
     */
    public AnomalyConfig(String defaultModel, Map<String, String> modelByCamera, String device, int batchSize,
            long batchTimeoutMs, double enterThreshold, double exitThreshold, long minDurationMs, long quietMs,
            long idleCloseMs, long maxLagMs) {
        if (batchSize < 1 || batchTimeoutMs < 0) {
            throw new IllegalArgumentException("anomaly batching needs batchSize >= 1 and batchTimeout >= 0");
        }
        if (!Devices.isValid(device)) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + device + "'");
        }
        this.defaultModel = defaultModel;
        this.modelByCamera = new TreeMap<>(modelByCamera);
        this.device = device;
        this.batchSize = batchSize;
        this.batchTimeoutMs = batchTimeoutMs;
        this.enterThreshold = enterThreshold;
        this.exitThreshold = exitThreshold;
        this.minDurationMs = minDurationMs;
        this.quietMs = quietMs;
        this.idleCloseMs = idleCloseMs;
        this.maxLagMs = new LateFrames(maxLagMs).maxLagMs();
        tracker(); // checks the thresholds
    }

    /**
     * The defaults: the bundled Ped2 model for every camera, on a GPU when there is one; batches of up to 8 frames or
     * 50 ms; a span opens at score 0.5 (the model's live alarm gap below the camera's normal PSNR), stays open down to 0.3, lasts at
     * least 1 s, closes after 1 s below, or 5 s after the camera's last frame; live frames more than 2 s late are
     * not scored.
     */
    public static AnomalyConfig defaults() {
        return new AnomalyConfig(DEFAULT_MODEL, Map.of(), "auto", 8, 50, 0.5, 0.3, 1000, 1000, 5000, 2000);
    }

    public AnomalyConfig withModel(String camera, String model) {
        TreeMap<String, String> copy = new TreeMap<>(modelByCamera);
        copy.put(camera, model);
        return new AnomalyConfig(defaultModel, copy, device, batchSize, batchTimeoutMs, enterThreshold, exitThreshold,
                minDurationMs, quietMs, idleCloseMs, maxLagMs);
    }

    public AnomalyConfig withDefaultModel(String model) {
        return new AnomalyConfig(model, modelByCamera, device, batchSize, batchTimeoutMs, enterThreshold, exitThreshold,
                minDurationMs, quietMs, idleCloseMs, maxLagMs);
    }

    public AnomalyConfig withBatching(int size, long timeoutMs) {
        return new AnomalyConfig(defaultModel, modelByCamera, device, size, timeoutMs, enterThreshold, exitThreshold,
                minDurationMs, quietMs, idleCloseMs, maxLagMs);
    }

    public String device() {
        return device;
    }

    /** The model of cameras that name none. */
    public String defaultModel() {
        return defaultModel;
    }

    public double enterThreshold() {
        return enterThreshold;
    }

    public double exitThreshold() {
        return exitThreshold;
    }

    public long minDurationMs() {
        return minDurationMs;
    }

    public long quietMs() {
        return quietMs;
    }

    /** The model reference for a camera. */
    public String modelFor(String camera) {
        return modelByCamera.getOrDefault(camera, defaultModel);
    }

    public int batchSize() {
        return batchSize;
    }

    public long batchTimeoutMs() {
        return batchTimeoutMs;
    }

    public long idleCloseMs() {
        return idleCloseMs;
    }

    public long maxLagMs() {
        return maxLagMs;
    }

    /** Which live frames come too late to be scored. */
    public LateFrames lateFrames() {
        return new LateFrames(maxLagMs);
    }

    /** How scores become {@code io.sparsight.anomaly} events. */
    public PredictionErrorSpanFunction.Rules spanRules() {
        return new PredictionErrorSpanFunction.Rules(EventTypes.ANOMALY, SparsightMetrics.ANOMALY_SCORE, "anomaly",
                tracker(), idleCloseMs, false);
    }

    public SpanTracker tracker() {
        return new SpanTracker(enterThreshold, exitThreshold, minDurationMs, quietMs);
    }
}
