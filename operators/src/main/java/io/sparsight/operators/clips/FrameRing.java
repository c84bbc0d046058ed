package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One camera's recent frames, oldest first, kept to cut clips from: at most {@code spanMs} of footage (by capture
 * time) and {@code maxBytes} of pixels. Not thread-safe; the clip stage's task thread owns it.
 */
final class FrameRing {

    private final long spanMs;
    private final long maxBytes;
    private final Deque<VideoFrame> frames = new ArrayDeque<>();
    private long bytes;

    FrameRing(long spanMs, long maxBytes) {
        this.spanMs = spanMs;
        this.maxBytes = maxBytes;
    }

    /**
     * Keeps {@code frame}, dropping what falls out of the ring. A frame older than the newest one starts the ring
     * afresh (a new stream of the camera).
     */
    void add(VideoFrame frame) {
        if (!frames.isEmpty() && frame.captureTimeMs < frames.peekLast().captureTimeMs) {
            clear();
        }
        frames.addLast(frame);
        bytes += sizeOf(frame);
        while (frames.size() > 1 && (frame.captureTimeMs - frames.peekFirst().captureTimeMs > spanMs
                || bytes > maxBytes)) {
            dropOldest();
        }
    }

    /** The frames captured from {@code fromMs} to {@code toMs}, both included, oldest first. */
    List<VideoFrame> between(long fromMs, long toMs) {
        List<VideoFrame> out = new ArrayList<>();
        for (VideoFrame frame : frames) {
            if (frame.captureTimeMs >= fromMs && frame.captureTimeMs <= toMs) {
                out.add(frame);
            }
        }
        return out;
    }

    /** Capture time of the newest frame; {@link Long#MIN_VALUE} when the ring is empty. */
    long newestMs() {
        return frames.isEmpty() ? Long.MIN_VALUE : frames.peekLast().captureTimeMs;
    }

    void dropOldest() {
        VideoFrame oldest = frames.pollFirst();
        if (oldest != null) {
            bytes -= sizeOf(oldest);
        }
    }

    void clear() {
        frames.clear();
        bytes = 0;
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return frames.size();
    }

    static long sizeOf(VideoFrame frame) {
        return frame.pixels == null ? 0 : frame.pixels.length;
    }
}
