package io.sparsight.operators.anomaly;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated walkway for anomaly tests: small "pedestrians" (4x8 blocks) walk across a textured background at one
 * pixel a frame, in three lanes; optionally, from a given frame, an abnormal object (a 12x12 block, five pixels a
 * frame) crosses the scene. Written as MPEG-4 video and read back with FFmpeg, so training and scoring see the same
 * compression as a camera would give.
 */
public final class PedestrianScene {

    public static final int WIDTH = 48;
    public static final int HEIGHT = 32;
    private static final int[] LANES = {4, 13, 22};

    private PedestrianScene() {}

    /** Writes {@code frames} frames at 10 fps; the abnormal object is in frames [abnormalFrom, abnormalTo). */
    public static Path write(Path file, int frames, int phase, int abnormalFrom, int abnormalTo) throws IOException {
        return write(file, frames, phase, abnormalFrom, abnormalTo, -1, -1);
    }

    /**
     * As {@link #write(Path, int, int, int, int)}, with frames [lostFrom, lostTo) left out of the file and every other
     * frame at its own time: a stream with a gap, as a camera that lost frames gives.
     */
    public static Path write(Path file, int frames, int phase, int abnormalFrom, int abnormalTo, int lostFrom,
            int lostTo) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(10);
            recorder.setGopSize(10);
            recorder.setVideoQuality(2);
            recorder.start();
            Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames; i++) {
                if (i >= lostFrom && i < lostTo) {
                    continue;
                }
                paint(frame, i + phase, i >= abnormalFrom && i < abnormalTo ? i - abnormalFrom : -1);
                recorder.setTimestamp(i * 100_000L);
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return file;
    }

    /** Decodes a scene back to grey frames in [0, 1]. */
    public static List<float[]> read(Path file) throws IOException {
        List<float[]> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            grabber.start();
            for (Frame f = grabber.grabImage(); f != null; f = grabber.grabImage()) {
                ByteBuffer buffer = (ByteBuffer) f.image[0];
                float[] pixels = new float[WIDTH * HEIGHT];
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        pixels[y * WIDTH + x] = (buffer.get(y * f.imageStride + x) & 0xff) / 255f;
                    }
                }
                frames.add(pixels);
            }
            grabber.stop();
        }
        return frames;
    }

    private static void paint(Frame frame, int t, int abnormalStep) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int value = 70 + ((x / 8 + y / 8) % 2) * 15;
                for (int lane = 0; lane < LANES.length; lane++) {
                    int px = Math.floorMod(t + lane * 17, WIDTH + 8) - 4;   // walks right, one pixel a frame, wraps
                    if (x >= px && x < px + 4 && y >= LANES[lane] && y < LANES[lane] + 8) {
                        value = 200;
                    }
                }
                if (abnormalStep >= 0) {
                    int ax = Math.floorMod(abnormalStep * 5, WIDTH + 12) - 12;
                    if (x >= ax && x < ax + 12 && y >= 10 && y < 22) {
                        value = 30;
                    }
                }
                int at = y * stride + x * 3;
                buffer.put(at, (byte) value);
                buffer.put(at + 1, (byte) value);
                buffer.put(at + 2, (byte) value);
            }
        }
    }
}
