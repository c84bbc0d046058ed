package io.sparsight.operators.grounding;

import io.sparsight.models.data.VideoClip;
import io.sparsight.operators.frames.FrameResize;
import io.sparsight.operators.frames.VideoFrame;

/**
 * A camera frame as the grounding model takes it: planar RGB at the model's size. A grey camera's frames become
 * three equal planes (the model was trained on colour and names colours: give grounding cameras {@code channels: 3}).
 */
final class GroundingInput {

    private GroundingInput() {}

    static byte[] planarRgb(VideoFrame frame, int width, int height) {
        return VideoClip.planarRgb(FrameResize.packed(frame, 3, width, height), width, height);
    }
}
