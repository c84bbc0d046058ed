package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes one camera's input with FFmpeg (JavaCV), scaled by swscale to the analysis size and pixel format at
 * decode time, and hands out frames as compact {@link VideoFrame}s. Not thread-safe: one decoder per camera
 * thread. Error messages never contain the raw URL (FFmpeg's own do, so they are redacted here).
 */
final class CameraDecoder implements AutoCloseable {

    /** Inputs written {@code lavfi:<graph>} are FFmpeg test sources, e.g. {@code lavfi:testsrc=size=320x240:rate=25}. */
    static final String LAVFI_PREFIX = "lavfi:";

    static {
        // FFmpeg logs to stderr by itself; keep only real errors (our own messages say what went wrong).
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final CameraSpec camera;
    private final long streamStartMs;
    private FFmpegFrameGrabber grabber;
    private long nextIndex;
    private long firstTimestampMicros = Long.MIN_VALUE;
    private boolean atEnd;

    CameraDecoder(CameraSpec camera, long streamStartMs) {
        this.camera = camera;
        this.streamStartMs = streamStartMs;
    }

    /** Opens the input. */
    void open() throws IOException {
        String url = camera.url();
        if (isLocalPath(url) && !Files.isRegularFile(Path.of(url))) {
            throw new IOException("camera '" + camera.id() + "': cannot open " + url
                    + ": no such file (check the camera's url; relative paths are taken from the working folder "
                    + Path.of("").toAbsolutePath() + ")");
        }
        FFmpegFrameGrabber g;
        if (url.startsWith(LAVFI_PREFIX)) {
            g = new FFmpegFrameGrabber(url.substring(LAVFI_PREFIX.length()));
            g.setFormat("lavfi");
        } else {
            g = new FFmpegFrameGrabber(url);
        }
        g.setImageWidth(camera.width());
        g.setImageHeight(camera.height());
        g.setPixelFormat(camera.channels() == 1 ? avutil.AV_PIX_FMT_GRAY8 : avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(g);
            String reason = ffmpegReason(e.getMessage(), url);
            if (e.getCause() instanceof LinkageError) {
                reason += " (FFmpeg's native libraries did not load: " + e.getCause().getMessage()
                        + "; on Debian/Ubuntu install libpulse0)";
            }
            throw new IOException("camera '" + camera.id() + "': cannot open " + camera.displayUrl() + ": " + reason);
        }
        this.grabber = g;
    }

    /** A plain file path rather than a URL ({@code scheme://...}) or an FFmpeg test source. */
    static boolean isLocalPath(String url) {
        return !url.startsWith(LAVFI_PREFIX) && !url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    /** JavaCV's message without the URL's secrets and without its hints meant for JavaCV developers. */
    static String ffmpegReason(String message, String url) {
        String reason = message == null ? "unknown FFmpeg error" : message;
        reason = reason.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "");
        return CameraUrls.redactIn(reason, url);
    }

    /** Decodes and discards frames until the next frame's index is {@code index} (resuming after a restore). */
    void skipTo(long index) throws IOException {
        while (nextIndex < index) {
            if (next() == null) {
                return;
            }
        }
    }

    /** The next decoded frame, or null at the end of the input. */
    VideoFrame next() throws IOException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("camera '" + camera.id() + "': decoding failed at frame " + nextIndex + ": "
                    + ffmpegReason(e.getMessage(), camera.url()));
        }
        if (frame == null || frame.image == null) {
            atEnd = true;
            return null;
        }
        long timestamp = frame.timestamp;
        if (firstTimestampMicros == Long.MIN_VALUE) {
            firstTimestampMicros = timestamp;
        }
        long offsetMs = Math.max(0, (timestamp - firstTimestampMicros) / 1000);
        byte[] pixels = copyPixels(frame, camera.width(), camera.height(), camera.channels());
        return new VideoFrame(camera.id(), nextIndex++, offsetMs, streamStartMs,
                camera.width(), camera.height(), camera.channels(), pixels);
    }

    /**
     * Copies the frame's rows into a compact array: JavaCV reuses its buffers and pads rows to {@code imageStride}
     * bytes. (JavaCV derives {@code imageChannels} from the padded stride, so it is not checked here.)
     */
    static byte[] copyPixels(Frame frame, int width, int height, int channels) {
        int rowBytes = width * channels;
        int stride = frame.imageStride;
        ByteBuffer buffer = ((ByteBuffer) frame.image[0]).duplicate();
        if (frame.imageWidth != width || frame.imageHeight != height || stride < rowBytes
                || buffer.capacity() < (height - 1) * stride + rowBytes) {
            throw new IllegalStateException("decoder returned a " + frame.imageWidth + "x" + frame.imageHeight
                    + " frame with rows of " + stride + " bytes; expected " + width + "x" + height + "x" + channels);
        }
        byte[] pixels = new byte[rowBytes * height];
        for (int y = 0; y < height; y++) {
            buffer.position(y * stride);
            buffer.get(pixels, y * rowBytes, rowBytes);
        }
        return pixels;
    }

    /** True once the input has no more frames. */
    boolean isAtEnd() {
        return atEnd;
    }

    /** Frames decoded so far, skipped ones included. */
    long framesDecoded() {
        return nextIndex;
    }

    @Override
    public void close() {
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.close();
        } catch (Exception ignored) {
            // closing a grabber that failed to start may throw; nothing is left to release
        }
    }
}
