package io.sparsight.pipelines.data;

import io.sparsight.models.data.VideoClip;
import io.sparsight.operators.source.FfmpegLog;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Colour frames decoded by FFmpeg: a video file as a {@link VideoClip} at an analysis size, or a file or stream
 * frame by frame at its own size (BGR), optionally sampled to a rate.
 */
public final class ColourFrames {

    static {
        FfmpegLog.install(); // FFmpeg's own log through SLF4J, not straight to stderr
    }

    /** One decoded frame: its index in the input, its time, and its pixels (rows of width x 3 bytes, BGR). */
    public record Picture(long index, long timeMs, int width, int height, byte[] bgr) {}

    /** What to do with each frame kept; return false to stop reading. */
    @FunctionalInterface
    public interface Reader {
        boolean take(Picture picture) throws IOException;
    }

    private ColourFrames() {}

    public static VideoClip readVideo(Path file, String id, int width, int height) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no video file at " + file);
        }
        List<byte[]> frames = new ArrayList<>();
        double fps;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            fps = grabber.getFrameRate();
            byte[] packed = new byte[width * height * 3];
            for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                frames.add(VideoClip.planarRgb(packRows(frame, width, height, packed), width, height));
            }
            grabber.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        if (frames.isEmpty()) {
            throw new IOException(file + " has no video frames");
        }
        if (!(fps > 0)) {
            throw new IOException(file + " does not give a frame rate");
        }
        return new VideoClip(id, width, height, fps, frames);
    }

    /**
     * Reads {@code input} (a file or a URL FFmpeg opens), keeping one frame per {@code 1 / fps} seconds of stream
     * time ({@code fps <= 0}: every frame), until the end or until {@code reader} says stop.
     */
    public static void stream(String input, double fps, Reader reader) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input)) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            long index = 0;
            long nextKeptMs = 0;
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage(), index++) {
                long timeMs = f.timestamp / 1000;
                if (fps > 0 && timeMs < nextKeptMs) {
                    continue;
                }
                if (fps > 0) { // the next slot; after a jump forward in time, one interval after this frame
                    long interval = Math.round(1000 / fps);
                    nextKeptMs += interval;
                    if (nextKeptMs <= timeMs) {
                        nextKeptMs = timeMs + interval;
                    }
                }
                byte[] rows = packRows(f, width, height, new byte[width * height * 3]);
                if (!reader.take(new Picture(index, timeMs, width, height, rows))) {
                    return;
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot decode " + input + ": " + e.getMessage(), e);
        }
    }

    /** The frame's BGR rows into {@code into}, without the padding JavaCV may put at the end of each row. */
    private static byte[] packRows(Frame frame, int width, int height, byte[] into) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        for (int y = 0; y < height; y++) {
            buffer.get(y * frame.imageStride, into, y * width * 3, width * 3);
        }
        return into;
    }
}
