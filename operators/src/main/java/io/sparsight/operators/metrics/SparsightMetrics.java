package io.sparsight.operators.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The names and groups of Sparsight's own metrics, in one place (docs/metrics.md lists them). Per-camera metrics sit
 * in a {@code camera} key-value group, so Prometheus gets them with a {@code camera="<id>"} label; per-model ones in a
 * {@code model} group. Flink's Prometheus reporter prefixes them with their operator's scope, e.g.
 * {@code flink_taskmanager_job_task_operator_camera_decodedFramesPerSecond{camera="gate",...}}.
 */
public final class SparsightMetrics {

    public static final String CAMERA = "camera";
    public static final String MODEL = "model";
    public static final String TYPE = "type";

    /** Frames decoded per second (every frame of the stream, before sampling). */
    public static final String DECODED_FPS = "decodedFramesPerSecond";
    /** Frames per second that reach the analysis stages (after sampling). */
    public static final String ANALYSED_FPS = "analysedFramesPerSecond";
    /** Frames a live camera dropped because processing fell behind, so far. */
    public static final String DROPPED_FRAMES = "droppedFrames";
    /** Reconnect attempts of a live camera. */
    public static final String RECONNECTS = "reconnects";
    /** Seconds since the camera's last frame reached the job (wall clock). */
    public static final String SECONDS_SINCE_LAST_FRAME = "secondsSinceLastFrame";
    /** Frames the object stage's detector looked at, per camera (after the motion gate). */
    public static final String OBJECT_FRAMES_DETECTED = "objectFramesDetected";
    /** Frames the object stage did not look at (too soon for its fps, or nothing moved), per camera. */
    public static final String OBJECT_FRAMES_SKIPPED = "objectFramesSkipped";
    /**
     * Live frames a model stage kept as context but did not score, because they reached it later than its
     * {@code maxLag} (the stage was behind), per camera.
     */
    public static final String LATE_FRAMES_SKIPPED = "lateFramesSkipped";
    /** Milliseconds of one model call (a batch of frames, or a window), per model. */
    public static final String INFERENCE_MS = "inferenceMs";
    /** The camera's current anomaly score, 0..1. */
    public static final String ANOMALY_SCORE = "anomalyScore";
    public static final String PREDICTION_SCORE = "predictionScore";
    /** 1 while a stage's model is loaded (or not yet needed), 0 while it cannot be loaded, per model. */
    public static final String MODEL_AVAILABLE = "modelAvailable";
    /** Frame scores that were not finite (NaN or infinite PSNR) and were dropped, per camera. */
    public static final String DROPPED_SCORES = "droppedScores";
    /** Spans (motion, anomaly) or moments open in the camera now. */
    public static final String OPEN_SPANS = "openSpans";
    /** Events handed to the sink, per camera and type. */
    public static final String EVENTS = "events";
    /** Milliseconds from the arrival of the frame that closed an event to the event's hand-over to the sink. */
    public static final String EVENT_LATENCY_MS = "eventLatencyMs";

    /** Samples a latency histogram keeps (a sliding window over the most recent ones). */
    private static final int HISTOGRAM_WINDOW = 500;

    private SparsightMetrics() {}

    /** A histogram of the most recent values (quantiles, mean, count), as Flink's reporters show it. */
    public static Histogram histogram() {
        return new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW);
    }

    /** One object per key (camera, model), made on first use in a metric group of its own. */
    public static final class PerKey<T> {
        private final Map<String, T> byKey = new HashMap<>();
        private final MetricGroup parent;
        private final String groupKey;
        private final Function<MetricGroup, T> make;

        public PerKey(MetricGroup parent, String groupKey, Function<MetricGroup, T> make) {
            this.parent = parent;
            this.groupKey = groupKey;
            this.make = make;
        }

        public T get(String key) {
            return byKey.computeIfAbsent(key, k -> make.apply(parent.addGroup(groupKey, k)));
        }
    }
}
