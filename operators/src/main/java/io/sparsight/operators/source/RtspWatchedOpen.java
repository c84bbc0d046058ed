package io.sparsight.operators.source;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.InputStream;
import java.util.Locale;

/**
 * Puts the {@link FrameWatchdog} into an RTSP camera before FFmpeg opens it. FFmpeg's RTSP client opens its own
 * connection inside {@code avformat_open_input} and copies the format's interrupt callback into it then; installed
 * after the open, the callback never reaches the RTSP-over-TCP reads, so a stream of bytes without frames would keep
 * the camera's thread in FFmpeg for good. JavaCV allocates the format context inside {@code start()} and opens it at
 * once, with no hook between the two, except one: a grabber given an {@link InputStream} asks the stream for its name
 * ({@code toString()}) after allocating the context and before opening it, and opens that name. So the RTSP grabber is
 * given this stream: its name is the camera's URL, and being named installs the watchdog on the grabber's new format
 * context. FFmpeg reads nothing from it (an RTSP input opens its own connections; its one look for an ID3 tag finds
 * an end of file). {@code NetworkInputsITCase} fails if a JavaCV upgrade changes this order.
 */
final class RtspWatchedOpen extends InputStream {

    private final String url;
    private final FrameWatchdog watchdog;
    private FFmpegFrameGrabber grabber;
    private boolean installed;

    private RtspWatchedOpen(String url, FrameWatchdog watchdog) {
        this.url = url;
        this.watchdog = watchdog;
    }

    /** Whether a camera URL is RTSP (rtsp, rtsps). */
    static boolean handles(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("rtsp://") || lower.startsWith("rtsps://");
    }

    /** A grabber for the RTSP URL that opens it with the watchdog already in its format context. */
    static FFmpegFrameGrabber grabber(String url, FrameWatchdog watchdog) {
        RtspWatchedOpen input = new RtspWatchedOpen(url, watchdog);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input, 0);
        grabber.setFormat("rtsp"); // FFmpeg must not probe the stream for a format
        input.grabber = grabber;
        return grabber;
    }

    /** The URL FFmpeg opens; JavaCV asks for it between allocating the format context and opening it. */
    @Override
    public String toString() {
        AVFormatContext context = grabber == null ? null : grabber.getFormatContext();
        if (!installed && context != null && !context.isNull()) {
            watchdog.installOn(context);
            installed = true;
        }
        return url;
    }

    /** Whether the watchdog was in the format context before it was opened. */
    boolean installedBeforeOpen() {
        return installed;
    }

    @Override
    public int read() {
        return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return -1;
    }

    /** Marked and reset as JavaCV asks, so that it does not wrap this stream (which would rename it). */
    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // nothing is ever read
    }

    @Override
    public synchronized void reset() {
        // nothing is ever read
    }
}
