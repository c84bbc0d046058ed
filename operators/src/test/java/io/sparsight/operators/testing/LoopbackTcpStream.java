package io.sparsight.operators.testing;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live camera for tests: an MPEG-TS stream served over TCP on 127.0.0.1 by FFmpeg (FFmpegFrameRecorder in listen
 * mode) at real-time pace, with a bright bar sweeping over a grey background. {@link #stop()} drops the connection
 * and stops listening (connections are refused); {@link #start()} listens again.
 */
public final class LoopbackTcpStream implements AutoCloseable {

    private final int port;
    private final int width;
    private final int height;
    private final double fps;
    private final AtomicLong framesSent = new AtomicLong();
    private volatile boolean serving;
    private volatile boolean closed;
    private Thread thread;

    public LoopbackTcpStream(int width, int height, double fps) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public long framesSent() {
        return framesSent.get();
    }

    public synchronized void start() {
        serving = true;
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(this::serve, "loopback-tcp-stream-" + port);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Drops the client and stops listening until {@link #start()}. */
    public void stop() throws InterruptedException {
        serving = false;
        Thread t = thread;
        if (t != null) {
            t.join(5_000);
        }
    }

    private void serve() {
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        while (serving && !closed) {
            FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(
                    "tcp://127.0.0.1:" + port + "?listen=1&listen_timeout=500", width, height, 0);
            recorder.setFormat("mpegts");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(5);
            recorder.setVideoQuality(3);
            try {
                recorder.startUnsafe(); // waits for the client up to listen_timeout
            } catch (Exception noClientYet) {
                release(recorder);
                continue;
            }
            long start = System.nanoTime();
            long n = 0;
            try {
                while (serving && !closed) {
                    paint(frame, n);
                    recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                    framesSent.incrementAndGet();
                    n++;
                    long due = start + (long) (n * 1e9 / fps);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (Exception clientGoneOrStopped) {
                // the client disconnected, or we are stopping: listen again if still serving
            }
            release(recorder);
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.releaseUnsafe();
        } catch (Exception ignored) {
            // nothing left to release
        }
    }

    private void paint(Frame frame, long n) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int barX = (int) ((n * 7) % width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = Math.abs(x - barX) < 6 ? 230 : 70 + (y / 8 % 2) * 20;
                int at = y * stride + x * 3;
                buffer.put(at, (byte) v);
                buffer.put(at + 1, (byte) v);
                buffer.put(at + 2, (byte) v);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        stop();
    }
}
