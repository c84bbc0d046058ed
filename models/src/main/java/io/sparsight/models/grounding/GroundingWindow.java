package io.sparsight.models.grounding;

import java.util.List;

/**
 * A window of a video as the grounding model sees it: {@code n} frames sampled evenly over {@code [start, start +
 * length)} seconds (the middle of each of n equal slices), converted to floats in [0, 1].
 */
public final class GroundingWindow {

    private GroundingWindow() {}

    /** Indices of the sampled frames, for a video of {@code frameCount} frames at {@code fps}. */
    public static int[] sample(double fps, int frameCount, double start, double length, int n) {
        if (frameCount <= 0) {
            throw new IllegalArgumentException("a window needs at least one frame");
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            double t = start + (i + 0.5) * length / n;
            indices[i] = Math.max(0, Math.min(frameCount - 1, (int) Math.floor(t * fps)));
        }
        return indices;
    }

    /**
     * Writes frames {@code indices} of {@code frames} (planar bytes, all the same size) as floats in [0, 1] into
     * {@code into} from {@code offset}; returns the offset after them.
     */
    public static int copy(List<byte[]> frames, int[] indices, float[] into, int offset) {
        for (int index : indices) {
            byte[] frame = frames.get(index);
            for (byte b : frame) {
                into[offset++] = (b & 0xFF) / 255f;
            }
        }
        return offset;
    }
}
