package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayList;
import java.util.List;

/** Generated camera frames for the clip tests: a bright block moving across a dark BGR picture. */
final class ClipFrames {

    static final long STREAM_START_MS = 1_767_225_600_000L;

    private ClipFrames() {}

    /** {@code count} frames of {@code camera}, {@code stepMs} apart from offset {@code firstOffsetMs}. */
    static List<VideoFrame> moving(String camera, int width, int height, int count, long firstOffsetMs, long stepMs) {
        List<VideoFrame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] pixels = new byte[width * height * 3];
            int x0 = (i * 4) % Math.max(1, width - 16);
            for (int y = height / 3; y < height / 3 + 16 && y < height; y++) {
                for (int x = x0; x < x0 + 16; x++) {
                    int p = (y * width + x) * 3;
                    pixels[p] = (byte) 200;
                    pixels[p + 1] = (byte) 220;
                    pixels[p + 2] = (byte) 240;
                }
            }
            frames.add(new VideoFrame(camera, i, firstOffsetMs + i * stepMs, STREAM_START_MS, width, height, 3,
                    pixels));
        }
        return frames;
    }
}
