package io.sparsight.operators.testing;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;

/**
 * A live camera for tests: FFmpeg sends an MPEG-TS stream over UDP to 127.0.0.1:port at real-time pace, until
 * stopped. Whoever listens on that port receives it; nobody has to.
 */
public final class UdpStreamSender implements AutoCloseable {

    private final int port;
    private final int width;
    private final int height;
    private final double fps;
    private volatile boolean sending;
    private Thread thread;

    public UdpStreamSender(int port, int width, int height, double fps) {
        this.port = port;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    public synchronized void start() {
        sending = true;
        thread = new Thread(this::send, "udp-stream-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        sending = false;
        if (thread != null) {
            thread.join(5_000);
        }
    }

    private void send() {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder("udp://127.0.0.1:" + port + "?pkt_size=1316", width, height, 0);
        recorder.setFormat("mpegts");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize(5);
        Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
        try {
            recorder.startUnsafe();
            long start = System.nanoTime();
            for (long n = 0; sending; n++) {
                paint(frame, n);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
                long wait = start + (long) ((n + 1) * 1e9 / fps) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("UDP test stream failed", e);
        } finally {
            try {
                recorder.releaseUnsafe();
            } catch (Exception ignored) {
                // nothing left to release
            }
        }
    }

    private void paint(Frame frame, long n) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int barX = (int) ((n * 5) % width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                byte v = (byte) (Math.abs(x - barX) < 5 ? 220 : 60 + (x / 10 % 2) * 30);
                int at = y * frame.imageStride + x * 3;
                buffer.put(at, v);
                buffer.put(at + 1, v);
                buffer.put(at + 2, v);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
