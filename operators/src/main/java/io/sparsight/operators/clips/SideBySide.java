package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of a prediction event's comparison clip: each real frame that the diffusion stage predicted, with the
 * prediction to its right, scaled to the real frame's height (nearest neighbour; grey shown in every channel).
 */
final class SideBySide {

    private SideBySide() {}

    /** One frame per prediction whose real frame (same stream, same index) is in {@code real}, in time order. */
    static List<VideoFrame> of(List<VideoFrame> real, List<VideoFrame> predictions) {
        Map<String, VideoFrame> byIndex = new HashMap<>();
        for (VideoFrame frame : real) {
            byIndex.put(frame.streamId + "/" + frame.frameIndex, frame);
        }
        List<VideoFrame> frames = new ArrayList<>();
        for (VideoFrame predicted : predictions) {
            VideoFrame actual = byIndex.get(predicted.streamId + "/" + predicted.frameIndex);
            if (actual != null) {
                frames.add(compose(actual, predicted));
            }
        }
        frames.sort((a, b) -> Long.compare(a.captureTimeMs, b.captureTimeMs));
        return frames;
    }

    static VideoFrame compose(VideoFrame actual, VideoFrame predicted) {
        int height = actual.height;
        int channels = actual.channels;
        int predictedWidth = Math.max(1, Math.round((float) predicted.width * height / predicted.height));
        int width = actual.width + predictedWidth;
        byte[] pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(actual.pixels, y * actual.width * channels, pixels, y * width * channels,
                    actual.width * channels);
            int py = Math.min(predicted.height - 1, y * predicted.height / height);
            for (int x = 0; x < predictedWidth; x++) {
                int px = Math.min(predicted.width - 1, x * predicted.width / predictedWidth);
                byte grey = predicted.pixels[(py * predicted.width + px) * predicted.channels];
                int at = (y * width + actual.width + x) * channels;
                for (int c = 0; c < channels; c++) {
                    pixels[at + c] = grey;
                }
            }
        }
        VideoFrame frame = new VideoFrame(actual.cameraId, actual.frameIndex, actual.streamOffsetMs,
                actual.streamStartMs, width, height, channels, pixels);
        frame.captureTimeMs = actual.captureTimeMs;
        frame.streamId = actual.streamId;
        frame.live = actual.live;
        return frame;
    }
}
