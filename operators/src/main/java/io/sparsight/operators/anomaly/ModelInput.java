package io.sparsight.operators.anomaly;

import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A camera frame as the anomaly model takes it: grey, at the model's size. Frames already grey at that size (the
 * usual case: the camera's analysis size is set to the model's) are used as they are; others are converted and
 * shrunk with OpenCV (area averaging).
 */
final class ModelInput {

    static {
        opencv_core.setNumThreads(1); // see MotionScorer
    }

    private ModelInput() {}

    static byte[] grey(VideoFrame frame, int width, int height) {
        if (frame.channels == 1 && frame.width == width && frame.height == height) {
            return frame.pixels;
        }
        int type = frame.channels == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3;
        try (BytePointer data = new BytePointer(frame.pixels);
                Mat source = new Mat(frame.height, frame.width, type, data);
                Mat grey = new Mat();
                Mat small = new Mat()) {
            if (frame.channels == 3) {
                opencv_imgproc.cvtColor(source, grey, opencv_imgproc.COLOR_BGR2GRAY);
            } else {
                source.copyTo(grey);
            }
            opencv_imgproc.resize(grey, small, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            byte[] out = new byte[width * height];
            small.data().get(out);
            return out;
        }
    }
}
