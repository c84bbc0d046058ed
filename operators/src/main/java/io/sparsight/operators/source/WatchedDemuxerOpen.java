package io.sparsight.operators.source;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.InputStream;
import java.util.Locale;

/**
 * Puts the {@link FrameWatchdog} into an RTSP or RTP camera before FFmpeg opens it. These demuxers open their own
 * connections inside {@code avformat_open_input} and copy the format's interrupt callback into them then; installed
 * after the open, the callback never reaches the RTSP-over-TCP reads, and nothing cuts the probing of a stream that
 * sends bytes but no frame, so the camera's thread would stay in FFmpeg for good. JavaCV allocates the format context inside {@code start()} and opens it at
 * once, with no hook between the two, except one: a grabber given an {@link InputStream} asks the stream for its name
 * ({@code toString()}) after allocating the context and before opening it, and opens that name. So the grabber is
 * given this stream: its name is the camera's URL, and being named installs the watchdog on the grabber's new format
 * context. FFmpeg reads nothing from it (these inputs open their own connections; the one look for an ID3 tag finds an
 * end of file). {@code NetworkInputsITCase} fails if a JavaCV upgrade changes this order.
 */
final class WatchedDemuxerOpen extends InputStream {

    private final String url;
    private final FrameWatchdog watchdog;
    private FFmpegFrameGrabber grabber;
    private boolean installed;

    private WatchedDemuxerOpen(String url, FrameWatchdog watchdog) {
        this.url = url;
        this.watchdog = watchdog;
    }

    /** Whether a camera URL is read this way: RTSP (rtsp, rtsps) or RTP. */
    static boolean handles(String url) {
        return format(url) != null;
    }

    /** FFmpeg's demuxer for the URL (rtsp, rtp), or null. */
    private static String format(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return "rtsp";
        }
        return lower.startsWith("rtp://") ? "rtp" : null;
    }

    /** A grabber for the URL that opens it with the watchdog already in its format context. */
    static FFmpegFrameGrabber grabber(String url, FrameWatchdog watchdog) {
        WatchedDemuxerOpen input = new WatchedDemuxerOpen(url, watchdog);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(input, 0);
        grabber.setFormat(format(url)); // FFmpeg must not probe the stream for a format
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
