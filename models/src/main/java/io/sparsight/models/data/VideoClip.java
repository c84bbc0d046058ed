package io.sparsight.models.data;

import java.util.List;

/**
 * A decoded video at an analysis size, for grounding: every frame as planar RGB bytes ({@code 3 x height x width},
 * the red plane first), at {@code fps} frames per second.
 */
public record VideoClip(String id, int width, int height, double fps, List<byte[]> frames) {

    public VideoClip {
        frames = List.copyOf(frames);
        if (!(fps > 0)) {
            throw new IllegalArgumentException("video " + id + ": frame rate must be positive, got " + fps);
        }
        for (byte[] frame : frames) {
            if (frame.length != 3 * width * height) {
                throw new IllegalArgumentException("video " + id + ": a frame has " + frame.length + " bytes, expected "
                        + 3 * width * height + " (planar RGB " + width + "x" + height + ")");
            }
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return frames.size() / fps;
    }

    /** Packed BGR (as FFmpeg and OpenCV hand frames out) to planar RGB. */
    public static byte[] planarRgb(byte[] packedBgr, int width, int height) {
        int plane = width * height;
        byte[] planar = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            planar[i] = packedBgr[3 * i + 2];
            planar[plane + i] = packedBgr[3 * i + 1];
            planar[2 * plane + i] = packedBgr[3 * i];
        }
        return planar;
    }
}
