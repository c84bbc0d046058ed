package io.sparsight.operators.metrics;

import org.apache.flink.metrics.MetricGroup;

/** A span stage's per-camera gauges: the camera's latest score, and whether a span is open in it now (0 or 1). */
public final class CameraSpanMetrics {

    private final SparsightMetrics.PerKey<double[]> perCamera;

    /** @param scoreName the score gauge's name, e.g. {@link SparsightMetrics#ANOMALY_SCORE} */
    public CameraSpanMetrics(MetricGroup operator, String scoreName) {
        perCamera = new SparsightMetrics.PerKey<>(operator, SparsightMetrics.CAMERA, group -> {
            double[] holder = {Double.NaN, 0};
            group.gauge(scoreName, () -> holder[0]);
            group.gauge(SparsightMetrics.OPEN_SPANS, () -> (int) holder[1]);
            return holder;
        });
    }

    public void score(String camera, double score) {
        perCamera.get(camera)[0] = score;
    }

    public void open(String camera, boolean open) {
        perCamera.get(camera)[1] = open ? 1 : 0;
    }
}
