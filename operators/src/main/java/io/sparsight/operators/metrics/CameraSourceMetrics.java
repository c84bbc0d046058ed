package io.sparsight.operators.metrics;

import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;

/**
 * One camera's intake: decoded and analysed frames per second, frames dropped by a live camera, reconnects, and
 * the seconds since its last frame. Fed with every frame and status change right after the source.
 */
public final class CameraSourceMetrics {

    /** Rates are over the last this many seconds (Flink updates meters every 5). */
    private static final int RATE_SECONDS = 10;

    private final Counter decoded;
    private final Counter analysed;
    private final Counter reconnects;
    private volatile long dropped;
    private volatile long lastFrameWallMs;
    private long lastFrameIndex = -1;

    public CameraSourceMetrics(MetricGroup camera) {
        decoded = camera.counter("decodedFrames");
        camera.meter(SparsightMetrics.DECODED_FPS, new MeterView(decoded, RATE_SECONDS));
        analysed = camera.counter("analysedFrames");
        camera.meter(SparsightMetrics.ANALYSED_FPS, new MeterView(analysed, RATE_SECONDS));
        reconnects = camera.counter(SparsightMetrics.RECONNECTS);
        camera.gauge(SparsightMetrics.DROPPED_FRAMES, () -> dropped);
        camera.gauge(SparsightMetrics.SECONDS_SINCE_LAST_FRAME,
                () -> lastFrameWallMs == 0 ? -1.0 : (System.currentTimeMillis() - lastFrameWallMs) / 1000.0);
    }

    /** A sampled frame: every frame decoded since the previous one counts as decoded, this one as analysed. */
    public void frame(VideoFrame frame) {
        boolean sameRun = lastFrameIndex >= 0 && frame.frameIndex > lastFrameIndex;
        decoded.inc(sameRun ? frame.frameIndex - lastFrameIndex : 1);
        lastFrameIndex = frame.frameIndex;
        analysed.inc();
        lastFrameWallMs = System.currentTimeMillis();
    }

    public void status(CameraStatus status) {
        dropped = status.droppedFrames;
        if (CameraStatus.RECONNECTING.equals(status.state)) {
            reconnects.inc();
        }
    }
}
