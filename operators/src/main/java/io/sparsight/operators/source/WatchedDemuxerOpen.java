package io.sparsight.operators.source;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.javacv.FFmpegFrameGrabber;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Puts the {@link FrameWatchdog} into an RTSP, RTP or HLS camera before FFmpeg opens it. These demuxers open their own
 * connections (RTSP's, the RTP socket, HLS's segments) inside {@code avformat_open_input} and copy the format's
 * interrupt callback into each then; installed after the open, the callback never reaches the RTSP-over-TCP reads,
 * and nothing cuts the probing of a stream that sends bytes but no frame, so the camera's thread would stay in FFmpeg
 * for good. JavaCV allocates the format context inside {@code start()} and opens it at once, with no hook between
 * the two, except one: a grabber given an {@link InputStream} asks the stream for its name ({@code toString()}) after
 * allocating the context and before opening it, and opens that name. So the grabber is given this stream: its name
 * is the camera's URL, and being named installs the watchdog on the grabber's new format context. An HLS grabber reads
 * the playlist from it (fetched by {@link ByteStreamInput}, with the watchdog in every read; later reloads and the
 * segments FFmpeg opens itself, with the callback); RTSP and RTP read nothing from it (their one look for an ID3 tag
 * finds an end of file). {@code NetworkInputsITCase} fails if a JavaCV upgrade changes this order.
 */
final class WatchedDemuxerOpen extends InputStream {

    private final String url;
    private final FrameWatchdog watchdog;
    /** The HLS playlist's bytes; null for RTSP and RTP. */
    private final InputStream playlist;
    private FFmpegFrameGrabber grabber;
    private boolean installed;

    private WatchedDemuxerOpen(String url, FrameWatchdog watchdog, InputStream playlist) {
        this.url = url;
        this.watchdog = watchdog;
        this.playlist = playlist;
    }

    /** Whether a camera URL is read this way: RTSP (rtsp, rtsps), RTP, or an HLS playlist over HTTP(S). */
    static boolean handles(String url) {
        return format(url) != null;
    }

    /** Whether FFmpeg reads the URL's first bytes from the grabber's stream (an HLS playlist). */
    static boolean readsPlaylist(String url) {
        return "hls".equals(format(url));
    }

    /** FFmpeg's demuxer for the URL (rtsp, rtp, hls), or null. */
    private static String format(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
            return "rtsp";
        }
        if (lower.startsWith("rtp://")) {
            return "rtp";
        }
        boolean http = lower.startsWith("http://") || lower.startsWith("https://");
        return http && lower.contains(".m3u8") ? "hls" : null;
    }

    /**
     * A grabber for the URL that opens it with the watchdog already in its format context.
     *
     * @param playlist for HLS, the playlist's bytes ({@link ByteStreamInput#stream()}); otherwise null
     */
    static FFmpegFrameGrabber grabber(String url, FrameWatchdog watchdog, InputStream playlist) {
        if (readsPlaylist(url) != (playlist != null)) {
            throw new IllegalArgumentException("an HLS camera, and only one, reads its playlist from a stream: " + url);
        }
        WatchedDemuxerOpen input = new WatchedDemuxerOpen(url, watchdog, playlist);
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
    public int read() throws IOException {
        return playlist == null ? -1 : playlist.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return playlist == null ? -1 : playlist.read(b, off, len);
    }

    /** Marked and reset as JavaCV asks, so that it does not wrap this stream (which would rename it). */
    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // never reset: the grabber is made without seeking
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("a live input cannot be read again");
    }
}
