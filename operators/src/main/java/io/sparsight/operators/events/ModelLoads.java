package io.sparsight.operators.events;

import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;

/**
 * A model that a stage could not load is tried again, first {@link #FIRST_RETRY_MS} later, the delay doubling up to
 * {@link #MAX_RETRY_MS}: a model folder that appears later (a training that finishes, a mount that comes back) is
 * picked up without a restart. Each failed attempt is said as an {@code error} status of the camera whose frame
 * asked for it. Flink-free: the stage's operator keeps one per model and asks {@link #due} before trying.
 */
public final class ModelLoads {

    static final long FIRST_RETRY_MS = 1_000;
    static final long MAX_RETRY_MS = 300_000;

    private int failures;
    private long nextAttemptMs;

    /** Whether the model may be tried now (never failed, or its retry delay has passed). */
    public boolean due(long nowMs) {
        return failures == 0 || nowMs >= nextAttemptMs;
    }

    /**
     * Records a failed attempt.
     *
     * @return the delay before the next one, ms
     */
    public long failed(long nowMs) {
        failures++;
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failures - 1, 20));
        nextAttemptMs = nowMs + delay;
        return delay;
    }

    /** Records that the model is loaded. */
    public void loaded() {
        failures = 0;
    }

    /** 1 while the model is loaded or has not failed, 0 while it is unavailable: for a gauge. */
    public int available() {
        return failures == 0 ? 1 : 0;
    }

    /**
     * The {@code error} status event of the camera whose frame asked for a model that could not be loaded, at the
     * frame's time.
     *
     * @param what e.g. "the anomaly model bundled:ped2"
     */
    public static EventRecord unavailable(VideoFrame frame, String what, String error, long retryInMs) {
        return unavailable(frame.cameraId, frame.captureTimeMs, frame.streamStartMs, frame.streamOffsetMs, what, error,
                retryInMs);
    }

    /** The same for an input at {@code captureTimeMs} (stream start and offset as given) of {@code cameraId}. */
    public static EventRecord unavailable(String cameraId, long captureTimeMs, long streamStartMs, long offsetMs,
            String what, String error, long retryInMs) {
        CameraStatus status = CameraStatus.of(cameraId, CameraStatus.ERROR, what + " cannot be loaded, so this"
                + " camera's frames are not analysed by it: " + error + "; trying again in " + (retryInMs / 1000)
                + " s", captureTimeMs, streamStartMs, offsetMs);
        return CameraStatusEvents.of(status);
    }
}
