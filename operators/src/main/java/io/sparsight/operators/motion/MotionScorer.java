package io.sparsight.operators.motion;

import io.sparsight.operators.frames.NativeLibraries;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;


/**
 * The cheap motion score: the fraction of pixels whose absolute difference between two frames exceeds a noise
 * threshold, in [0, 1], computed with OpenCV ({@code absdiff}, {@code threshold}, {@code countNonZero}).
 *
 * <p>Why not the plain mean absolute difference: on compressed video it is dominated by coding noise and jumps at
 * every keyframe (on the Ped2 sample: 0.003 with pedestrians walking, +0.003 at each GOP start, at most 0.012 with
 * a cart crossing), whereas the changed-pixel fraction rises steadily with the moving area (0.008 to 0.03).
 *
 * <p>Holds native buffers that are reused between calls: one scorer per thread, closed when done.
 */
public final class MotionScorer implements AutoCloseable {

    /** Differences up to this (of 255) count as noise, not motion. */
    public static final int DEFAULT_PIXEL_THRESHOLD = 25;

    private final int pixelThreshold;

    private Mat previous;
    private Mat current;
    private Mat difference;
    private Mat changed;
    private int width;
    private int height;
    private int channels;

    static {
        // loads OpenCV and sets it to one thread a call: per-frame work at analysis size is small; OpenCV's own thread
        // pool would only compete with the decoders and libtorch (OfflineRuntime.TORCH_THREADS)
        NativeLibraries.opencv();
    }

    public MotionScorer() {
        this(DEFAULT_PIXEL_THRESHOLD);
    }

    /** @param pixelThreshold a pixel counts as changed when its difference is above this, in 0..254 */
    public MotionScorer(int pixelThreshold) {
        if (pixelThreshold < 0 || pixelThreshold > 254) {
            throw new IllegalArgumentException("pixel threshold must be in 0..254, got " + pixelThreshold);
        }
        this.pixelThreshold = pixelThreshold;
    }

    /**
     * Scores the change from {@code before} to {@code after}, both {@code height} rows of {@code width * channels}
     * bytes.
     */
    public double score(byte[] before, byte[] after, int width, int height, int channels) {
        int expected = width * height * channels;
        if (before.length != expected || after.length != expected) {
            throw new IllegalArgumentException("frames must both have width*height*channels = " + expected
                    + " bytes, got " + before.length + " and " + after.length);
        }
        ensureBuffers(width, height, channels);
        previous.data().put(before);
        current.data().put(after);
        opencv_core.absdiff(previous, current, difference);
        opencv_imgproc.threshold(difference, changed, pixelThreshold, 255, opencv_imgproc.THRESH_BINARY);
        // Each channel sample counts on its own, so grey and colour frames score on the same scale.
        try (Mat samples = changed.reshape(1, 0)) {
            return opencv_core.countNonZero(samples) / (double) expected;
        }
    }

    private void ensureBuffers(int width, int height, int channels) {
        if (previous != null && width == this.width && height == this.height && channels == this.channels) {
            return;
        }
        close();
        int type = opencv_core.CV_8UC(channels);
        previous = new Mat(height, width, type);
        current = new Mat(height, width, type);
        difference = new Mat(height, width, type);
        changed = new Mat(height, width, type);
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    @Override
    public void close() {
        for (Mat mat : new Mat[] {previous, current, difference, changed}) {
            if (mat != null) {
                mat.close();
            }
        }
        previous = current = difference = changed = null;
    }

}
