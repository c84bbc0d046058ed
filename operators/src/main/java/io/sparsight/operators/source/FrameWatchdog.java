package io.sparsight.operators.source;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watchdog on frame arrival of one live network camera session. FFmpeg asks it, through its interrupt callback,
 * whether to give up a blocked or looping read: yes once no frame was decoded for the stall timeout (however many
 * bytes come), or once the camera was told to stop. Java reads ({@link ByteStreamInput}) ask it too.
 *
 * <p>JavaCPP allows few native callback objects per class, so one callback serves every camera: the callback's
 * opaque pointer is a token that names the watchdog.
 */
final class FrameWatchdog implements AutoCloseable {

    private static final Map<Long, FrameWatchdog> BY_TOKEN = new ConcurrentHashMap<>();
    private static final Interrupt CALLBACK = new Interrupt();

    private final long stallTimeoutMs;
    private final BytePointer token = new BytePointer(1);
    private volatile long lastFrameWallMs;
    private volatile boolean aborted;
    /** Why the input was cut for want of frames, once it was (FFmpeg itself sees only an interrupted read). */
    private volatile String cut;

    FrameWatchdog(long stallTimeoutMs) {
        this.stallTimeoutMs = stallTimeoutMs;
        this.lastFrameWallMs = System.currentTimeMillis();
        BY_TOKEN.put(token.address(), this);
    }

    /** A callback for {@code avio_open2}: FFmpeg copies it into the protocol it opens. */
    AVIOInterruptCB interruptCallback() {
        AVIOInterruptCB callback = new AVIOInterruptCB();
        callback.callback(CALLBACK).opaque(token);
        return callback;
    }

    /**
     * Installs the callback on an opened input. FFmpeg copies a format's callback into each protocol it opens, so
     * this reaches the reads it starts from now on (the next HLS segment) and the loops that consult the format's
     * own callback (HLS playlist waits, RTSP and RTP over UDP); the stall timeout counts from here.
     */
    void installOn(AVFormatContext format) {
        format.interrupt_callback().callback(CALLBACK).opaque(token);
        frameDecoded();
    }

    /** Called for every decoded frame. */
    void frameDecoded() {
        lastFrameWallMs = System.currentTimeMillis();
    }

    /** Makes every read of this session give up: the camera stops. */
    void abort() {
        aborted = true;
    }

    /** For reads in Java: fails once no frame came for the stall timeout, or the camera stopped. */
    void check() throws IOException {
        if (shouldInterrupt()) {
            throw aborted ? new IOException("the camera was stopped") : new StalledException(cut);
        }
    }

    /** Whether FFmpeg should give up what it is waiting for. */
    boolean shouldInterrupt() {
        if (aborted) {
            return true;
        }
        long silentMs = System.currentTimeMillis() - lastFrameWallMs;
        if (silentMs > stallTimeoutMs) {
            if (cut == null) {
                cut = "bytes arrive but no frame was decoded for " + silentMs + " ms";
            }
            return true;
        }
        return false;
    }

    /** The error of an input cut for want of frames, or null when it was not cut. */
    StalledException cutError(String cameraId) {
        return cut == null ? null : new StalledException("camera '" + cameraId + "': " + cut);
    }

    /** Forgets the token; call once FFmpeg holds no input that could still call back with it. */
    @Override
    public void close() {
        BY_TOKEN.remove(token.address());
        token.close();
    }

    /** Watchdogs alive: each a camera session not yet closed (the reliability tests check none is left). */
    static int open() {
        return BY_TOKEN.size();
    }

    /** No frame for longer than the stall timeout, though the input is open. */
    static final class StalledException extends IOException {
        private static final long serialVersionUID = 1L;

        StalledException(String message) {
            super(message);
        }
    }

    /** FFmpeg's interrupt callback: 1 tells it to give up the operation it is blocked or looping in. */
    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            try {
                FrameWatchdog watchdog = opaque == null ? null : BY_TOKEN.get(opaque.address());
                return watchdog != null && watchdog.shouldInterrupt() ? 1 : 0;
            } catch (Throwable e) {
                return 0; // never let an exception cross into FFmpeg
            }
        }
    }
}
