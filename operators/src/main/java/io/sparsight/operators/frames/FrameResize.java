package io.sparsight.operators.frames;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A camera frame as a model takes it: grey or colour (BGR, interleaved), at the model's size, converted and shrunk
 * with OpenCV (area averaging). A frame that already has the channels and size is returned as it is.
 */
public final class FrameResize {

    static {
        NativeLibraries.opencv(); // also sets OpenCV to one thread a call (see MotionScorer)
    }

    private FrameResize() {}

    /** @param channels 1 (grey) or 3 (BGR) */
    public static byte[] packed(VideoFrame frame, int channels, int width, int height) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a model takes 1 or 3 channels, not " + channels);
        }
        if (frame.channels == channels && frame.width == width && frame.height == height) {
            return frame.pixels;
        }
        int type = frame.channels == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3;
        try (BytePointer data = new BytePointer(frame.pixels);
                Mat source = new Mat(frame.height, frame.width, type, data);
                Mat converted = new Mat();
                Mat small = new Mat()) {
            if (frame.channels == channels) {
                source.copyTo(converted);
            } else {
                opencv_imgproc.cvtColor(source, converted,
                        channels == 1 ? opencv_imgproc.COLOR_BGR2GRAY : opencv_imgproc.COLOR_GRAY2BGR);
            }
            opencv_imgproc.resize(converted, small, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            byte[] out = new byte[width * height * channels];
            small.data().get(out);
            return out;
        }
    }
}
