package io.sparsight.operators.diffusion;

import io.sparsight.models.anomaly.GreyPixels;
import io.sparsight.operators.frames.SlidingArrays;

import java.util.ArrayList;
import java.util.List;

/**
 * A camera's last frames at the model's size, as the diffusion stage keeps them in keyed state: the grey pixels of
 * each frame one after another, and for each its place (frame index, stream offset, capture time). Immutable and
 * Flink-free; {@link #frames} and {@link #meta} are what goes into state.
 */
final class CameraWindow {

    /** Longs kept per frame: frame index, stream offset, capture time. */
    static final int META = 3;

    final byte[] frames;
    final long[] meta;
    private final int frameBytes;

    private CameraWindow(byte[] frames, long[] meta, int frameBytes) {
        this.frames = frames;
        this.meta = meta;
        this.frameBytes = frameBytes;
    }

    static CameraWindow empty(int frameBytes) {
        return new CameraWindow(new byte[0], new long[0], frameBytes);
    }

    /** The window held in state; empty when there is none or it was made for another frame size. */
    static CameraWindow of(byte[] frames, long[] meta, int frameBytes) {
        boolean consistent = frames != null && meta != null && frames.length % frameBytes == 0
                && meta.length == frames.length / frameBytes * META;
        return consistent ? new CameraWindow(frames, meta, frameBytes) : empty(frameBytes);
    }

    int size() {
        return frames.length / frameBytes;
    }

    boolean isEmpty() {
        return frames.length == 0;
    }

    /** This window with one more frame at the end, the oldest dropped beyond {@code capacity} frames. */
    CameraWindow plus(byte[] grey, long frameIndex, long offsetMs, long captureMs, int capacity) {
        return new CameraWindow(SlidingArrays.slide(frames, grey, capacity * frameBytes),
                SlidingArrays.slide(meta, new long[] {frameIndex, offsetMs, captureMs}, capacity * META), frameBytes);
    }

    long frameIndex(int i) {
        return meta[i * META];
    }

    long offsetMs(int i) {
        return meta[i * META + 1];
    }

    long captureMs(int i) {
        return meta[i * META + 2];
    }

    long lastOffsetMs() {
        return offsetMs(size() - 1);
    }

    /** The stream offsets of every frame, oldest first. */
    long[] offsetsMs() {
        long[] offsets = new long[size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = offsetMs(i);
        }
        return offsets;
    }

    /** Frame {@code i}'s pixels in [0, 1]. */
    float[] unitFrame(int i) {
        return GreyPixels.toUnitRange(frames, i * frameBytes, frameBytes);
    }

    /** Every frame's pixels in [0, 1], oldest first. */
    List<float[]> unitFrames() {
        List<float[]> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(unitFrame(i));
        }
        return out;
    }
}
