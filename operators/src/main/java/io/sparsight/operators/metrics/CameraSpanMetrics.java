package io.sparsight.operators.metrics;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A span stage's per-camera metrics: the camera's latest score, whether a span is open in it now (0 or 1), and how
 * many of its frame scores were dropped as not finite.
 */
public final class CameraSpanMetrics {

    private final SparsightMetrics.PerKey<Camera> perCamera;

    /** One camera's values. */
    private static final class Camera {
        double score = Double.NaN;
        boolean open;
        Counter dropped;
    }

    /** @param scoreName the score gauge's name, e.g. {@link SparsightMetrics#ANOMALY_SCORE} */
    public CameraSpanMetrics(MetricGroup operator, String scoreName) {
        perCamera = new SparsightMetrics.PerKey<>(operator, SparsightMetrics.CAMERA, group -> {
            Camera camera = new Camera();
            group.gauge(scoreName, () -> camera.score);
            group.gauge(SparsightMetrics.OPEN_SPANS, () -> camera.open ? 1 : 0);
            camera.dropped = group.counter(SparsightMetrics.DROPPED_SCORES);
            return camera;
        });
    }

    public void score(String camera, double score) {
        perCamera.get(camera).score = score;
    }

    public void open(String camera, boolean open) {
        perCamera.get(camera).open = open;
    }

    /** Counts a score that was not finite and was dropped. */
    public void dropped(String camera) {
        perCamera.get(camera).dropped.inc();
    }
}
