package io.sparsight.operators.frames;

import org.apache.flink.api.java.functions.KeySelector;

/** The key of every per-camera operator on frames: the camera id. */
public final class ByCamera implements KeySelector<VideoFrame, String> {

    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(VideoFrame frame) {
        return frame.cameraId;
    }
}
