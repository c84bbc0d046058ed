package io.sparsight.operators.anomaly;

import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.VideoFrame;

/**
 * A camera frame as the anomaly model takes it: grey, at the model's size. Frames already grey at that size (the
 * usual case: the camera's analysis size is set to the model's) are used as they are.
 */
final class ModelInput {

    private ModelInput() {}

    static byte[] grey(VideoFrame frame, int width, int height) {
        return FrameResize.packed(frame, 1, width, height);
    }
}
