package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.secrets.SecretReferences;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One session of decoding one camera's input with FFmpeg (JavaCV), scaled by swscale to the analysis size and
 * pixel format at decode time, handing out compact {@link VideoFrame}s with offsets that never run backwards.
 * Not thread-safe: one decoder per camera thread. Error messages never contain the URL's credentials.
 *
 * <p>Every input opens with {@code startUnsafe()}: JavaCV's plain {@code start()} holds a JVM-wide lock, so one
 * silent network camera (or anything else waiting in FFmpeg) would stall every other camera's start. FFmpeg's
 * open and close are thread-safe. Network inputs also get FFmpeg's {@code timeout} and {@code rw_timeout}, so no
 * open or read blocks longer than the live settings allow.
 */
final class CameraDecoder implements AutoCloseable {

    /** Forward timestamp jumps above this (files) or this far from the wall clock (live) are discontinuities. */
    static final long JUMP_LIMIT_MS = 5_000;
    /** FFmpeg's {@code AV_FRAME_FLAG_CORRUPT} (a macro the JavaCPP preset does not map). */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    /** Reloads of an HLS playlist without a new segment before the stream counts as ended. */
    static final int HLS_HOLD_RELOADS = 10;
    /** The host of a udp:// or rtp:// URL: after {@code ://} and an optional {@code @}, up to the port or path. */
    private static final Pattern UDP_HOST =
            Pattern.compile("^[a-zA-Z]+://@?(\\[[^\\]]*\\]|[^:/?@]*)");
    private static final Pattern NUMBERED_IMAGE = Pattern.compile("^(\\d+)\\.(jpe?g|png|bmp|tiff?)$", Pattern.CASE_INSENSITIVE);

    static {
        FfmpegLog.install(); // which loads the natives first (NativeLibraries)
    }

    private final CameraSpec camera;
    private final long streamStartMs;
    /** What the stream is (StreamIdentity), for the frames' {@code streamId}. */
    private final long streamId;
    private final long sessionStartOffsetMs;
    private final boolean live;
    private FFmpegFrameGrabber grabber;
    /** The frame watchdog of a live network camera (null for other inputs); other threads stop reads through it. */
    private volatile FrameWatchdog watchdog;
    /** The protocol of a byte-stream camera, opened here so the watchdog is in it (ByteStreamInput); else null. */
    private ByteStreamInput byteInput;
    /** The URL as opened: secret references ({@code ${env:NAME}}, {@code ${file:PATH}}) resolved; never shown. */
    private String openUrl;
    private StreamClock clock;
    private long nextIndex;
    private boolean atEnd;
    private long pendingDiscontinuityMs;
    private long damagedFrames;
    private long logErrorsAtOpen;

    /**
     * @param streamStartMs wall-clock start of this run over the stream
     * @param sessionStartOffsetMs offset of this session's first frame (live inputs: time since stream start)
     * @param firstFrameIndex index the first decoded frame gets
     */
    CameraDecoder(CameraSpec camera, long streamStartMs, long sessionStartOffsetMs, long firstFrameIndex) {
        this.camera = camera;
        this.streamStartMs = streamStartMs;
        this.sessionStartOffsetMs = sessionStartOffsetMs;
        this.live = camera.kind().isLive();
        this.streamId = StreamIdentity.of(camera, streamStartMs);
        this.nextIndex = firstFrameIndex;
    }

    CameraDecoder(CameraSpec camera, long streamStartMs) {
        this(camera, streamStartMs, 0, 0);
    }

    /** Opens the input. */
    void open() throws IOException {
        try {
            openUrl = SecretReferences.resolve(camera.url());
        } catch (IllegalArgumentException e) {
            throw new IOException("camera '" + camera.id() + "': cannot open " + camera.displayUrl() + ": "
                    + e.getMessage());
        }
        FfmpegLog.bindThread(camera.id(), openUrl);
        FFmpegFrameGrabber g = newGrabber();
        g.setImageWidth(camera.width());
        g.setImageHeight(camera.height());
        g.setPixelFormat(camera.channels() == 1 ? avutil.AV_PIX_FMT_GRAY8 : avutil.AV_PIX_FMT_BGR24);
        if (camera.decoderThreads() > 0) {
            g.setVideoOption("threads", Integer.toString(camera.decoderThreads()));
        }
        if (camera.sampling().mode() == Sampling.Mode.KEYFRAMES) {
            // The decoder drops non-key frames before decoding them: the point of keyframe sampling.
            g.setVideoOption("skip_frame", "nokey");
        }
        for (Map.Entry<String, String> option : openOptions().entrySet()) {
            g.setOption(option.getKey(), option.getValue());
        }
        try {
            g.startUnsafe();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(g);
            abort();
            FrameWatchdog.StalledException stalled = watchdog == null ? null : watchdog.cutError(camera.id());
            if (stalled != null) { // bytes without a frame while FFmpeg probed the stream (an RTSP camera)
                throw stalled;
            }
            String reason = ffmpegReason(e.getMessage(), openUrl);
            if (byteInput != null) { // JavaCV names the stream it read, not the camera; the read's failure says more
                reason = byteInput.failure() != null ? ffmpegReason(byteInput.failure().getMessage(), openUrl)
                        : reason.replaceAll("\"java\\.io\\.BufferedInputStream@[0-9a-f]+\"", "the stream");
            }
            if (e.getCause() instanceof LinkageError) {
                reason += " (FFmpeg's native libraries did not load: " + e.getCause().getMessage()
                        + "; on Debian/Ubuntu install libpulse0)";
            }
            throw new IOException("camera '" + camera.id() + "': cannot open " + camera.displayUrl() + ": " + reason);
        }
        if (g.getVideoStream() < 0 || g.getImageWidth() <= 0) {
            closeQuietly(g);
            abort();
            throw new IOException("camera '" + camera.id() + "': " + camera.displayUrl()
                    + " has no video stream that FFmpeg can decode");
        }
        double fps = g.getFrameRate();
        long intervalMs = fps > 0 && fps < 1000 ? Math.round(1000 / fps) : 40;
        this.clock = new StreamClock(intervalMs, JUMP_LIMIT_MS, sessionStartOffsetMs);
        this.grabber = g;
        this.logErrorsAtOpen = FfmpegLog.errorsOnThisThread();
        if (watchdog != null && byteInput == null) {
            watchdog.installOn(g.getFormatContext()); // opened inside the demuxer: watched from now on
        } else if (watchdog != null) {
            watchdog.frameDecoded(); // the stall timeout counts from here, not from the connect
        }
    }

    private FFmpegFrameGrabber newGrabber() throws IOException {
        String url = openUrl;
        switch (camera.kind()) {
            case LAVFI: {
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(url.substring(InputKind.LAVFI_PREFIX.length()));
                g.setFormat("lavfi");
                return g;
            }
            case IMAGE_SEQUENCE: {
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(imageSequencePattern(Path.of(url)));
                g.setFormat("image2");
                return g;
            }
            case DEVICE: {
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(url.startsWith("v4l2:") ? url.substring(5) : url);
                g.setFormat("v4l2");
                return g;
            }
            case FILE: {
                String path = url.startsWith("file:") ? url.substring(5) : url;
                if (!Files.isRegularFile(Path.of(path))) {
                    throw new IOException("camera '" + camera.id() + "': cannot open " + path
                            + ": no such file (check the camera's url; relative paths are taken from the working folder "
                            + Path.of("").toAbsolutePath() + ")");
                }
                return new FFmpegFrameGrabber(path);
            }
            default:
                if (!live) {
                    return new FFmpegFrameGrabber(url);
                }
                watchdog = new FrameWatchdog(camera.live().stallTimeoutMs());
                boolean watchedOpen = WatchedDemuxerOpen.handles(url);
                if (!watchedOpen && !ByteStreamInput.handles(url)) {
                    return new FFmpegFrameGrabber(url);
                }
                if (!watchedOpen || WatchedDemuxerOpen.readsPlaylist(url)) {
                    try {
                        byteInput = ByteStreamInput.open(url, openOptions(), watchdog);
                    } catch (IOException e) {
                        throw new IOException("camera '" + camera.id() + "': cannot open " + camera.displayUrl()
                                + ": " + ffmpegReason(e.getMessage(), openUrl));
                    }
                }
                if (watchedOpen) {
                    return WatchedDemuxerOpen.grabber(url, watchdog, byteInput == null ? null : byteInput.stream());
                }
                return new FFmpegFrameGrabber(byteInput.stream(), 0);
        }
    }

    /** Sparsight's FFmpeg options for this input, overridden by the camera's own. */
    Map<String, String> openOptions() {
        Map<String, String> options = new TreeMap<>();
        String lower = camera.url().toLowerCase(Locale.ROOT);
        if (camera.kind() == InputKind.NETWORK) {
            String micros = Long.toString(camera.live().ioTimeoutMs() * 1000);
            options.put("rw_timeout", micros);
            if (!ByteStreamInput.isRtmp(lower)) { // RTMP's "timeout" is how long to wait as a server: it would listen
                options.put("timeout", micros);
            }
            if (lower.startsWith("rtsp")) {
                options.put("rtsp_transport", "tcp");
            }
            if (lower.contains(".m3u8")) {
                // a live playlist that stops growing (its server gone, or restarted at sequence 0) is an end after
                // this many reloads without a new segment, so the camera reconnects; FFmpeg's default is 1000
                options.put("m3u8_hold_counters", Integer.toString(HLS_HOLD_RELOADS));
            }
            if (isConnectionless(camera.url())) {
                String address = udpListenAddress(camera.url());
                if (address != null) {
                    options.put("localaddr", address);
                }
            }
        }
        if (camera.kind() == InputKind.IMAGE_SEQUENCE) {
            options.put("start_number", Long.toString(firstImageNumber(Path.of(camera.url()))));
            options.put("framerate", "25");
        }
        options.putAll(camera.ffmpegOptions());
        return options;
    }

    /** Whether an input has no connection to close (UDP, RTP): when its data stops, it is silent, not ended. */
    static boolean isConnectionless(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("udp:") || lower.startsWith("rtp:");
    }

    /**
     * The address a UDP input listens on: the URL's host when it is one (FFmpeg would otherwise listen on every
     * address), the loopback address when it names none ({@code udp://:5000}, {@code udp://@:5000}); null for a
     * multicast group, which FFmpeg joins and binds itself.
     */
    static String udpListenAddress(String url) {
        Matcher m = UDP_HOST.matcher(url);
        if (!m.find()) {
            return null;
        }
        String host = m.group(1).replace("[", "").replace("]", "");
        if (host.isEmpty()) {
            return "127.0.0.1";
        }
        if (host.matches("2(2[4-9]|3\\d)\\..*") || host.contains(":") && host.toLowerCase(Locale.ROOT).startsWith("ff")) {
            return null;
        }
        return host;
    }

    /** The FFmpeg pattern of a folder of numbered images, e.g. {@code dir/%03d.jpg}. */
    static String imageSequencePattern(Path folder) throws IOException {
        String first = firstImage(folder);
        Matcher m = NUMBERED_IMAGE.matcher(first);
        if (!m.matches()) {
            throw new IllegalStateException(first);
        }
        return folder.resolve("%0" + m.group(1).length() + "d." + m.group(2)).toString();
    }

    private static long firstImageNumber(Path folder) {
        try {
            Matcher m = NUMBERED_IMAGE.matcher(firstImage(folder));
            return m.matches() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String firstImage(Path folder) throws IOException {
        File[] files = folder.toFile().listFiles();
        String[] names = files == null ? new String[0]
                : Arrays.stream(files).map(File::getName).filter(n -> NUMBERED_IMAGE.matcher(n).matches())
                        .sorted().toArray(String[]::new);
        if (names.length == 0) {
            throw new IOException("folder " + folder + " has no numbered images (000.jpg, 001.jpg, ...)");
        }
        return names[0];
    }

    /** Decodes and discards frames until the next frame's index is {@code index} (resuming after a restore). */
    void skipTo(long index) throws IOException {
        while (nextIndex < index) {
            if (next() == null) {
                return;
            }
        }
    }

    /**
     * Fault injection for the reliability tests, empty otherwise: a camera id here makes that camera's decoder throw
     * the fault when it is about to decode frame {@link InjectedFault#atFrame}.
     */
    static final Map<String, InjectedFault> INJECTED_FAULTS = new ConcurrentHashMap<>();

    /** A fault {@link #INJECTED_FAULTS} throws: a RuntimeException or an Error. */
    record InjectedFault(long atFrame, Throwable fault) {
        InjectedFault {
            if (!(fault instanceof RuntimeException) && !(fault instanceof Error)) {
                throw new IllegalArgumentException("an injected fault is unchecked: " + fault);
            }
        }

        void raise() {
            if (fault instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) fault;
        }
    }

    /** The next decoded frame, or null at the end of the input. */
    VideoFrame next() throws IOException {
        InjectedFault injected = INJECTED_FAULTS.isEmpty() ? null : INJECTED_FAULTS.get(camera.id());
        if (injected != null && nextIndex >= injected.atFrame()) {
            injected.raise();
        }
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throwIfStalled();
            throw new IOException("camera '" + camera.id() + "': decoding failed at frame " + nextIndex + ": "
                    + ffmpegReason(e.getMessage(), openUrl));
        }
        if (frame == null || frame.image == null) {
            throwIfStalled();
            atEnd = true;
            return null;
        }
        if (watchdog != null) {
            watchdog.frameDecoded();
        }
        if (frame.opaque instanceof AVFrame decoded
                && (decoded.decode_error_flags() != 0 || (decoded.flags() & AV_FRAME_FLAG_CORRUPT) != 0)) {
            damagedFrames++; // the decoder concealed errors in this frame (JavaCV copies the flags to its output)
        }
        StreamClock.Tick tick = clock.advance(frame.timestamp, System.currentTimeMillis(), live);
        if (tick.isDiscontinuity()) {
            pendingDiscontinuityMs = tick.discontinuityMs();
        }
        byte[] pixels = copyPixels(frame, camera.width(), camera.height(), camera.channels());
        VideoFrame decoded = new VideoFrame(camera.id(), nextIndex++, tick.offsetMs(), streamStartMs,
                camera.width(), camera.height(), camera.channels(), pixels);
        decoded.live = live;
        decoded.streamId = streamId;
        return VideoFrame.arrivedNow(decoded);
    }

    /**
     * A read the watchdog cut for want of frames ends the session as stalled, and a failed read (a timeout, a reset)
     * as that error; neither is an end of the stream.
     */
    private void throwIfStalled() throws IOException {
        FrameWatchdog.StalledException stalled = watchdog == null ? null : watchdog.cutError(camera.id());
        if (stalled != null) {
            throw stalled;
        }
        IOException failed = byteInput == null ? null : byteInput.failure();
        if (failed instanceof FrameWatchdog.StalledException) {
            throw new FrameWatchdog.StalledException("camera '" + camera.id() + "': " + failed.getMessage());
        }
        if (failed != null) {
            throw new IOException("camera '" + camera.id() + "': " + ffmpegReason(failed.getMessage(), openUrl));
        }
    }

    /** The timestamp jump re-based at the last frame (then cleared), or 0. */
    long takeDiscontinuityMs() {
        long jump = pendingDiscontinuityMs;
        pendingDiscontinuityMs = 0;
        return jump;
    }

    /**
     * Signs of damage since open: frames the decoder had to conceal errors in, plus FFmpeg errors (corrupt packets,
     * truncated data) logged by the demuxer on this thread.
     */
    long damageCount() {
        return damagedFrames + FfmpegLog.errorsOnThisThread() - logErrorsAtOpen;
    }

    /** True once the input has no more frames. */
    boolean isAtEnd() {
        return atEnd;
    }

    /** Frames in the input according to its container, or 0 when unknown (live streams). */
    long lengthInFrames() {
        return grabber == null ? 0 : Math.max(0, grabber.getLengthInFrames());
    }

    /** Frames decoded so far, skipped ones included. */
    long framesDecoded() {
        return nextIndex;
    }

    /** Offset of the last decoded frame. */
    long lastOffsetMs() {
        return clock == null ? sessionStartOffsetMs : clock.lastOffsetMs();
    }

    /** JavaCV's message without the URL's secrets and without its hints meant for JavaCV developers. */
    static String ffmpegReason(String message, String url) {
        String reason = message == null ? "unknown FFmpeg error" : message;
        reason = reason.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "");
        return CameraUrls.redactIn(reason, url);
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

    @Override
    public void close() {
        abort();
        if (grabber != null) {
            closeQuietly(grabber);
            grabber = null;
        }
        if (byteInput != null) {
            byteInput.close();
            byteInput = null;
        }
        if (watchdog != null) {
            watchdog.close();
        }
    }

    /**
     * Ends a read blocked in another thread, for a live network camera (the watchdog tells FFmpeg to give up); the
     * decoding thread then fails its read and closes the rest.
     */
    void abort() {
        FrameWatchdog w = watchdog;
        if (w != null) {
            w.abort();
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            if (g != null) {
                g.releaseUnsafe();
            }
        } catch (Exception ignored) {
            // releasing a grabber that failed to start may throw; nothing is left to release
        }
    }
}
