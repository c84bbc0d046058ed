package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent frames of every camera of one subtask, bounded per camera ({@link FrameRing}) and in total: when the
 * total is over, the camera holding the most bytes gives up its oldest frame. Kept in memory only: after a restore
 * the rings fill again from the frames the source replays, so a clip cut soon after a restore may start later than
 * asked (its {@code start} says where). The diffusion stage's predicted frames ({@link VideoFrame#predicted}) are
 * kept apart, each camera's under the same per-camera bound, for the comparison clips of prediction events.
 */
final class ClipBuffers {

    private final long spanMs;
    private final long cameraBytes;
    private final long totalBytes;
    private final Map<String, FrameRing> rings = new HashMap<>();
    /** The diffusion stage's predicted frames (model size, grey: small), per camera, under the same bounds. */
    private final Map<String, FrameRing> predictions = new HashMap<>();
    private long bytes;

    ClipBuffers(long spanMs, long cameraBytes, long totalBytes) {
        this.spanMs = spanMs;
        this.cameraBytes = cameraBytes;
        this.totalBytes = totalBytes;
    }

    static ClipBuffers of(ClipsConfig config) {
        return new ClipBuffers(config.bufferMs(), config.cameraBufferBytes(), config.totalBufferBytes());
    }

    void add(VideoFrame frame) {
        if (frame.predicted) {
            predictions.computeIfAbsent(frame.cameraId, c -> new FrameRing(spanMs, cameraBytes)).add(frame);
            return;
        }
        FrameRing ring = rings.computeIfAbsent(frame.cameraId, c -> new FrameRing(spanMs, cameraBytes));
        long before = ring.bytes();
        ring.add(frame);
        bytes += ring.bytes() - before;
        while (bytes > totalBytes) {
            FrameRing largest = largest();
            long was = largest.bytes();
            largest.dropOldest();
            bytes -= was - largest.bytes();
            if (was == largest.bytes()) {
                break;
            }
        }
    }

    List<VideoFrame> between(String camera, long fromMs, long toMs) {
        FrameRing ring = rings.get(camera);
        return ring == null ? List.of() : ring.between(fromMs, toMs);
    }

    List<VideoFrame> predictedBetween(String camera, long fromMs, long toMs) {
        FrameRing ring = predictions.get(camera);
        return ring == null ? List.of() : ring.between(fromMs, toMs);
    }

    /** Capture time of the camera's newest frame; {@link Long#MIN_VALUE} when none is kept. */
    long newestMs(String camera) {
        FrameRing ring = rings.get(camera);
        return ring == null ? Long.MIN_VALUE : ring.newestMs();
    }

    long bytes() {
        return bytes;
    }

    private FrameRing largest() {
        FrameRing largest = null;
        for (FrameRing ring : rings.values()) {
            if (largest == null || ring.bytes() > largest.bytes()) {
                largest = ring;
            }
        }
        return largest;
    }
}
