package io.sparsight.operators.clips;

import io.sparsight.operators.frames.NativeLibraries;
import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a camera's frames (at its analysis size, grey or BGR) as H.264 in MP4 with the bundled FFmpeg's
 * libopenh264, playable in browsers (yuv420p, the index at the front). Frames keep their times: the clip runs at the
 * camera's median frame rate and each frame is placed at its capture time on that grid (frames that would share a
 * slot are left out).
 */
public final class ClipEncoder {

    /** What was encoded: the frames written and the capture times of the first and last. */
    public record Encoded(int frames, long firstMs, long lastMs) {}

    private ClipEncoder() {}

    public static Encoded encode(List<VideoFrame> frames, File out) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        NativeLibraries.ffmpeg();
        VideoFrame first = frames.get(0);
        int width = first.width & ~1;
        int height = first.height & ~1;
        double rate = frameRate(frames);
        int written = 0;
        long lastMs = first.captureTimeMs;
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setOption("movflags", "+faststart");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(rate);
            recorder.setGopSize((int) Math.max(1, Math.round(rate * 2)));
            recorder.setVideoBitrate(Math.max(200_000, width * height * 4));
            recorder.start();
            long lastSlot = -1;
            for (VideoFrame frame : frames) {
                long slot = Math.round((frame.captureTimeMs - first.captureTimeMs) * rate / 1000.0);
                if (slot <= lastSlot || frame.width != first.width || frame.height != first.height) {
                    continue;
                }
                recorder.setFrameNumber((int) slot);
                recorder.recordImage(frame.width, frame.height, Frame.DEPTH_UBYTE, frame.channels,
                        frame.width * frame.channels, frame.channels == 1 ? avutil.AV_PIX_FMT_GRAY8
                                : avutil.AV_PIX_FMT_BGR24, ByteBuffer.wrap(frame.pixels));
                lastSlot = slot;
                lastMs = frame.captureTimeMs;
                written++;
            }
            recorder.stop();
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("cannot encode the clip " + out + ": " + e.getMessage(), e);
        }
        return new Encoded(written, first.captureTimeMs, lastMs);
    }

    /** The frames' median rate, 1 to 60 frames per second (10 for a single frame). */
    static double frameRate(List<VideoFrame> frames) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < frames.size(); i++) {
            long gap = frames.get(i).captureTimeMs - frames.get(i - 1).captureTimeMs;
            if (gap > 0) {
                gaps.add(gap);
            }
        }
        if (gaps.isEmpty()) {
            return 10;
        }
        gaps.sort(null);
        double median = gaps.get(gaps.size() / 2);
        return Math.max(1, Math.min(60, Math.round(1000.0 / median)));
    }
}
