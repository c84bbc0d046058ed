package io.sparsight.models.anomaly;

import java.util.List;

/**
 * The grey frames of one video at the analysis size, in order: pixel values in [0, 1], row-major, {@code width *
 * height} values each. Reading files into this (JPEG folders, video decoding) happens outside the models module.
 */
public record FrameSequence(String name, int width, int height, List<float[]> frames) {

    public FrameSequence {
        frames = List.copyOf(frames);
        for (float[] frame : frames) {
            if (frame.length != width * height) {
                throw new IllegalArgumentException("video " + name + ": a frame has " + frame.length
                        + " values, expected " + width + "x" + height);
            }
        }
    }

    public int size() {
        return frames.size();
    }
}
