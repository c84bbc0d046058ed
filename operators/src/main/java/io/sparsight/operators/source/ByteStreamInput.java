package io.sparsight.operators.source;

import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * A live camera whose protocol is a plain byte stream ({@code tcp://}, {@code udp://}, {@code srt://}, {@code http(s)://}
 * except HLS playlists, and RTMP, whose protocol hands out an FLV stream), opened by FFmpeg's protocol layer here rather than inside the demuxer, so that the
 * {@link FrameWatchdog}'s interrupt callback is in it from the first byte: a read blocked on a silent peer ends when
 * the camera stops, and a stream that keeps sending bytes but no frame is cut after the stall timeout (every read asks
 * the watchdog). The demuxer reads the bytes through {@link #stream()}.
 *
 * <p>Owned by the camera's thread: only that thread reads and closes it; other threads stop it through the watchdog.
 */
final class ByteStreamInput implements AutoCloseable {

    /** AVERROR(EIO): what FFmpeg's protocols return when {@code rw_timeout} passes without data. */
    private static final int AVERROR_EIO = -5;

    private final AVIOContext context;
    private final FrameWatchdog watchdog;
    private byte[] chunk = new byte[0];
    private IOException failure;

    private ByteStreamInput(AVIOContext context, FrameWatchdog watchdog) {
        this.context = context;
        this.watchdog = watchdog;
    }

    /** Whether a camera URL is read this way: a byte-stream protocol, not a listening one, not an HLS playlist. */
    static boolean handles(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean byteStream = lower.startsWith("tcp://") || lower.startsWith("udp://") || lower.startsWith("srt://")
                || isRtmp(lower)
                || (lower.startsWith("http://") || lower.startsWith("https://")) && !lower.contains(".m3u8");
        return byteStream && !lower.contains("listen");
    }

    /** Whether a URL is RTMP in any of its variants (rtmp, rtmps, rtmpt, rtmpe, rtmpte, rtmpts). */
    static boolean isRtmp(String url) {
        return url.toLowerCase(Locale.ROOT).matches("rtmp(s|t|e|te|ts)?://.*");
    }

    /**
     * Opens the protocol with the camera's options (those the protocol does not know are left for the demuxer);
     * the open itself waits at most the options' timeouts and ends when the watchdog says so.
     */
    static ByteStreamInput open(String url, Map<String, String> options, FrameWatchdog watchdog) throws IOException {
        AVIOContext context = new AVIOContext(null);
        AVDictionary dictionary = new AVDictionary(null);
        try {
            for (Map.Entry<String, String> option : options.entrySet()) {
                avutil.av_dict_set(dictionary, option.getKey(), option.getValue(), 0);
            }
            int ret = avformat.avio_open2(context, url, avformat.AVIO_FLAG_READ, watchdog.interruptCallback(),
                    dictionary);
            if (ret < 0) {
                throw new IOException(errorText(ret));
            }
        } finally {
            avutil.av_dict_free(dictionary);
        }
        return new ByteStreamInput(context, watchdog);
    }

    /** The bytes, for JavaCV's grabber (which reads through a Java stream). */
    InputStream stream() {
        return new InputStream() {
            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return readInto(b, off, len);
            }
        };
    }

    /**
     * Reads through FFmpeg's protocol. A failure (a read timeout, a reset connection, the watchdog's cut) ends the
     * stream as an end of file would, and is kept for {@link #failure()}: JavaCV would only print an exception
     * thrown here to stderr.
     */
    private int readInto(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (failure != null) {
            return -1;
        }
        try {
            watchdog.check();
            if (chunk.length < len) {
                chunk = new byte[len];
            }
            int n = avformat.avio_read(context, chunk, len);
            if (n == avutil.AVERROR_EOF()) {
                return -1;
            }
            if (n < 0) {
                watchdog.check(); // an interrupted read says why
                if (n == AVERROR_EIO) {
                    throw new FrameWatchdog.StalledException("no data within the read timeout");
                }
                throw new IOException(errorText(n));
            }
            System.arraycopy(chunk, 0, b, off, n);
            return n;
        } catch (IOException e) {
            failure = e;
            return -1;
        }
    }

    /** Why the stream ended early (not a plain end of file), or null. */
    IOException failure() {
        return failure;
    }

    /** FFmpeg's text for an error code, e.g. "Connection refused". */
    static String errorText(int code) {
        byte[] text = new byte[256];
        avutil.av_strerror(code, text, text.length);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Closes the protocol (and its socket). Only from the thread that reads it. */
    @Override
    public void close() {
        avformat.avio_closep(context);
    }
}
