package io.sparsight.operators.source;

/**
 * Decides which decoded frames to keep for analysis at a fixed rate. The stream's time axis is cut into slots of
 * {@code 1 / fps} seconds and the first frame of each slot is kept. The decision depends only on the frame's
 * offset and the slot of the last kept frame, so it replays identically after a restore from a checkpoint.
 */
public final class FrameSampler {

    private final double analysisFps;

    /** @param analysisFps frames per second to keep; 0 keeps every frame */
    public FrameSampler(double analysisFps) {
        if (analysisFps < 0) {
            throw new IllegalArgumentException("analysis fps must be >= 0, got " + analysisFps);
        }
        this.analysisFps = analysisFps;
    }

    /** The sampling slot of a frame: its index when every frame is kept, else its offset in slots of 1/fps. */
    public long slotOf(long frameIndex, long streamOffsetMs) {
        if (analysisFps == 0) {
            return frameIndex;
        }
        return (long) Math.floor(streamOffsetMs * analysisFps / 1000.0);
    }

    /** True when a frame in {@code slot} is to be kept, given the slot of the last kept frame (-1 if none). */
    public static boolean keeps(long slot, long lastKeptSlot) {
        return slot > lastKeptSlot;
    }
}
