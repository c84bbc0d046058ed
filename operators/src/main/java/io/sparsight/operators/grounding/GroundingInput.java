package io.sparsight.operators.grounding;

import io.sparsight.models.data.VideoClip;
import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A camera frame as the grounding model takes it: planar RGB at the model's size, shrunk with OpenCV (area
 * averaging). A grey camera's frames become three equal planes (the model was trained on colour and names colours:
 * give grounding cameras {@code channels: 3}).
 */
final class GroundingInput {

    static {
        opencv_core.setNumThreads(1); // see MotionScorer
    }

    private GroundingInput() {}

    static byte[] planarRgb(VideoFrame frame, int width, int height) {
        int type = frame.channels == 1 ? opencv_core.CV_8UC1 : opencv_core.CV_8UC3;
        try (BytePointer data = new BytePointer(frame.pixels);
                Mat source = new Mat(frame.height, frame.width, type, data);
                Mat colour = new Mat();
                Mat small = new Mat()) {
            if (frame.channels == 1) {
                opencv_imgproc.cvtColor(source, colour, opencv_imgproc.COLOR_GRAY2BGR);
            } else {
                source.copyTo(colour);
            }
            opencv_imgproc.resize(colour, small, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            byte[] packed = new byte[width * height * 3];
            small.data().get(packed);
            return VideoClip.planarRgb(packed, width, height);
        }
    }
}
