package io.sparsight.operators.frames;

/**
 * A change in a camera's condition, reported as data (never as a job failure): it went online or offline, stalled,
 * is reconnecting, ended, failed, is damaged, was removed, or its timestamps jumped. A Flink POJO; becomes an
 * {@code io.sparsight.camera.status} event on the {@code sparsight.camera-status} topic.
 */
public class CameraStatus {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final String STALLED = "stalled";
    public static final String RECONNECTING = "reconnecting";
    public static final String ENDED = "ended";
    public static final String ERROR = "error";
    public static final String DISCONTINUITY = "discontinuity";
    /** The input is damaged (corrupt packets or frames): FFmpeg skipped or concealed the damage and went on. */
    public static final String DAMAGED = "damaged";
    /** Removed from the job's cameras while the job runs; its stream is closed. */
    public static final String REMOVED = "removed";
    /** Something beside the picture is failing (e.g. the clip store is full); events go on without it. */
    public static final String DEGRADED = "degraded";

    public String cameraId;
    /** One of the constants above. */
    public String state;
    /** Human-readable cause; never contains credentials. */
    public String reason;
    /** Wall-clock time of the change, epoch ms. */
    public long timeMs;
    /** Wall-clock start of this run over the stream, epoch ms (as in {@link VideoFrame#streamStartMs}). */
    public long streamStartMs;
    /** Offset in the stream at which it happened, ms. */
    public long streamOffsetMs;
    /**
     * Online after an outage: how long no frames arrived. Discontinuity: the timestamp jump that was re-based
     * (negative for a backward jump). Otherwise 0.
     */
    public long gapMs;
    /** Reconnecting: the attempt number, from 1. */
    public int attempt;
    /** Frames dropped so far because processing fell behind a live camera. */
    public long droppedFrames;
    /** Frames decoded so far in this run. */
    public long framesDecoded;
    /** Frames in the input, when its container says (files); 0 otherwise. */
    public long framesTotal;

    public CameraStatus() {}

    public static CameraStatus of(String cameraId, String state, String reason, long timeMs, long streamStartMs,
            long streamOffsetMs) {
        CameraStatus s = new CameraStatus();
        s.cameraId = cameraId;
        s.state = state;
        s.reason = reason;
        s.timeMs = timeMs;
        s.streamStartMs = streamStartMs;
        s.streamOffsetMs = streamOffsetMs;
        return s;
    }

    @Override
    public String toString() {
        return "CameraStatus{" + cameraId + " " + state + " @" + streamOffsetMs + "ms"
                + (gapMs != 0 ? " gap=" + gapMs + "ms" : "") + (attempt > 0 ? " attempt=" + attempt : "")
                + " " + reason + "}";
    }
}
