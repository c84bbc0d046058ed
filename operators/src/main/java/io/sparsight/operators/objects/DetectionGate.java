package io.sparsight.operators.objects;

import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.motion.MotionScorer;

/**
 * Decides which of a camera's frames the detector looks at, as Frigate does: at most the camera's
 * {@link CameraObjects#fps()}; of those, a frame with motion (a small grey copy changed since the last frame looked
 * at), a frame while a track is unsettled (tentative, or missed by the last detection: the tracker needs the next
 * look to confirm or end it), and at least one every heartbeat so a still object is seen now and then. The rest are
 * skipped: no motion, no detection. Flink-free; the camera's {@link State} is the caller's to keep. Holds native
 * buffers: one per thread, closed when done.
 */
public final class DetectionGate implements AutoCloseable {

    /** The small grey copy motion is measured on. */
    static final int THUMB_WIDTH = 64;
    static final int THUMB_HEIGHT = 48;

    /** Why a frame is looked at, or that it is not. */
    public enum Reason {
        /** Too soon after the last frame looked at (the camera's fps). */
        RATE,
        /** A live frame that reached the stage too late ({@link ObjectsConfig#maxLagMs()}): the stage is behind. */
        LATE,
        /** Looked at for motion, but nothing moved, no track is unsettled and the heartbeat is not due. */
        STILL,
        FIRST,
        MOTION,
        TRACKS,
        HEARTBEAT;

        public boolean detects() {
            return this != RATE && this != LATE && this != STILL;
        }
    }

    /** One camera's gate: when a frame was last looked at and detected, and the small copy of the last looked at. */
    public static class State {
        public long lastLookedMs = Long.MIN_VALUE;
        public long lastDetectedMs = Long.MIN_VALUE;
        public byte[] thumb;

        public State() {}
    }

    private final ObjectsConfig config;
    private final MotionScorer motion;

    public DetectionGate(ObjectsConfig config) {
        this.config = config;
        this.motion = new MotionScorer(config.pixelThreshold());
    }

    /**
     * Whether to detect on {@code frame} (captured at {@code frame.captureTimeMs}) of a camera with {@code camera}'s
     * settings, updating its {@code state}.
     */
    public Reason decide(VideoFrame frame, CameraObjects camera, State state, boolean tracksUnsettled) {
        long now = frame.captureTimeMs;
        long interval = camera.intervalMs();
        if (now < state.lastLookedMs) {
            state.lastLookedMs = state.lastDetectedMs = Long.MIN_VALUE; // the clock went back: start over
            state.thumb = null;
        }
        if (state.lastLookedMs != Long.MIN_VALUE && now - state.lastLookedMs < interval - interval / 10) {
            return Reason.RATE; // 10% early still counts, so 30 fps sampled to 5 takes every 6th frame, not 7th
        }
        state.lastLookedMs = now;
        byte[] thumb = FrameResize.packed(frame, 1, THUMB_WIDTH, THUMB_HEIGHT);
        double changed = state.thumb == null ? 1
                : motion.score(state.thumb, thumb, THUMB_WIDTH, THUMB_HEIGHT, 1);
        state.thumb = thumb == frame.pixels ? thumb.clone() : thumb;
        Reason reason = state.lastDetectedMs == Long.MIN_VALUE ? Reason.FIRST
                : changed >= config.motionThreshold() ? Reason.MOTION
                : tracksUnsettled ? Reason.TRACKS
                : now - state.lastDetectedMs >= config.heartbeatMs() ? Reason.HEARTBEAT
                : Reason.STILL;
        if (reason.detects()) {
            state.lastDetectedMs = now;
        }
        return reason;
    }

    @Override
    public void close() {
        motion.close();
    }
}
