package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.motion.MotionScorer;

/**
 * Decides which decoded frames a camera keeps for analysis (see {@link Sampling}).
 *
 * <p>Rate limiting cuts the stream's time axis into slots of {@code 1 / fps} seconds and keeps at most the first
 * frame of each slot. That decision depends only on the frame's offset and the slot of the last kept frame (which
 * the checkpoint stores), so it replays identically after a restore. Motion gating also compares with the last kept
 * frame, which is not checkpointed: after a restore the first frame is kept as the new reference.
 *
 * <p>Holds native buffers in motion mode: one sampler per camera thread, closed when done.
 */
final class FrameSampler implements AutoCloseable {

    private final Sampling sampling;
    private long lastKeptSlot;
    private long lastKeptOffsetMs = Long.MIN_VALUE;
    private byte[] lastKeptPixels;
    private MotionScorer scorer;

    FrameSampler(Sampling sampling, long lastKeptSlot) {
        this.sampling = sampling;
        this.lastKeptSlot = lastKeptSlot;
    }

    /** The sampling slot of a frame: its index when rate is not limited, else its offset in slots of 1/fps. */
    static long slotOf(Sampling sampling, long frameIndex, long streamOffsetMs) {
        boolean rateLimited = sampling.mode() == Sampling.Mode.FPS
                || (sampling.mode() == Sampling.Mode.MOTION && sampling.fps() > 0);
        if (!rateLimited) {
            return frameIndex;
        }
        return (long) Math.floor(streamOffsetMs * sampling.fps() / 1000.0);
    }

    /** Whether to keep this frame; if so, it becomes the last kept frame. */
    boolean keep(VideoFrame frame) {
        long slot = slotOf(sampling, frame.frameIndex, frame.streamOffsetMs);
        if (slot <= lastKeptSlot) {
            return false;
        }
        if (sampling.mode() == Sampling.Mode.MOTION && !changedEnough(frame)) {
            return false;
        }
        lastKeptSlot = slot;
        lastKeptOffsetMs = frame.streamOffsetMs;
        if (sampling.mode() == Sampling.Mode.MOTION) {
            lastKeptPixels = frame.pixels;
        }
        return true;
    }

    private boolean changedEnough(VideoFrame frame) {
        if (lastKeptPixels == null || lastKeptPixels.length != frame.pixels.length
                || frame.streamOffsetMs - lastKeptOffsetMs >= sampling.heartbeatMs()) {
            return true;
        }
        if (scorer == null) {
            scorer = new MotionScorer();
        }
        double score = scorer.score(lastKeptPixels, frame.pixels, frame.width, frame.height, frame.channels);
        return score >= sampling.motionThreshold();
    }

    long lastKeptSlot() {
        return lastKeptSlot;
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
    }
}
