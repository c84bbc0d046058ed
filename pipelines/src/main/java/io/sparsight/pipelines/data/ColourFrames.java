package io.sparsight.pipelines.data;

import io.sparsight.models.data.VideoClip;
import io.sparsight.operators.source.FfmpegLog;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a video file as a colour {@link VideoClip} at an analysis size, decoded and scaled by FFmpeg. */
public final class ColourFrames {

    static {
        FfmpegLog.install(); // FFmpeg's own log through SLF4J, not straight to stderr
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
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                for (int y = 0; y < height; y++) {
                    buffer.get(y * frame.imageStride, packed, y * width * 3, width * 3); // rows may be padded
                }
                frames.add(VideoClip.planarRgb(packed, width, height));
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
}
