package io.sparsight.operators.testing;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes test videos with known content using FFmpeg (JavaCV's FFmpegFrameRecorder, MPEG-4 part 2 in MP4): a still
 * textured background, and a bright block that moves across it only during the given frame ranges (it is not in
 * the picture outside them). No binary fixtures: every test makes the video it needs.
 */
public final class SyntheticVideo {

    private final int width;
    private final int height;
    private final double fps;
    private final int frames;
    private final List<int[]> motionRanges = new ArrayList<>();
    private long firstTimestampMicros;
    private boolean fastStart;

    private SyntheticVideo(int width, int height, double fps, int frames) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frames = frames;
    }

    public static SyntheticVideo of(int width, int height, double fps, int frames) {
        return new SyntheticVideo(width, height, fps, frames);
    }

    /** A block moves during frames {@code [firstFrame, endFrame)}. */
    public SyntheticVideo movingBlock(int firstFrame, int endFrame) {
        motionRanges.add(new int[] {firstFrame, endFrame});
        return this;
    }

    /** The first frame's presentation time (default 0): for making streams whose timestamps jump. */
    public SyntheticVideo firstTimestamp(long micros) {
        this.firstTimestampMicros = micros;
        return this;
    }

    /** MP4 with its index (moov) first, so a truncated file still decodes up to where it was cut. */
    public SyntheticVideo fastStart() {
        this.fastStart = true;
        return this;
    }

    /** Writes the video; {@code .ts} files are MPEG-TS, anything else MP4. */
    public Path writeTo(Path file) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            boolean ts = file.getFileName().toString().endsWith(".ts");
            recorder.setFormat(ts ? "mpegts" : "mp4");
            if (fastStart && !ts) {
                recorder.setOption("movflags", "faststart");
            }
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(10);
            recorder.setVideoQuality(2);
            recorder.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < frames; i++) {
                paint(frame, i);
                if (firstTimestampMicros > 0) {
                    recorder.setTimestamp(firstTimestampMicros + Math.round(i * 1_000_000 / fps));
                }
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return file;
    }

    /** True when frame {@code i} shows the moving block. */
    public boolean blockVisible(int i) {
        return blockRange(i) != null;
    }

    private int[] blockRange(int i) {
        for (int[] r : motionRanges) {
            if (i >= r[0] && i < r[1]) {
                return r;
            }
        }
        return null;
    }

    private void paint(Frame frame, int index) {
        ByteBuffer buffer = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int block = Math.max(8, height / 4);
        int[] range = blockRange(index);
        int blockX = -1;
        if (range != null) {
            int steps = Math.max(1, range[1] - range[0] - 1);
            blockX = (int) ((long) (width - block) * (index - range[0]) / steps);
        }
        int blockY = (height - block) / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int value = background(x, y);
                if (blockX >= 0 && x >= blockX && x < blockX + block && y >= blockY && y < blockY + block) {
                    value = 240;
                }
                int at = y * stride + x * 3;
                buffer.put(at, (byte) value);
                buffer.put(at + 1, (byte) value);
                buffer.put(at + 2, (byte) value);
            }
        }
    }

    /** A fixed, gently textured grey background (so the encoder has something real to code). */
    private static int background(int x, int y) {
        return 60 + ((x / 16 + y / 16) % 2) * 20 + (x * 7 + y * 13) % 9;
    }

    /** MPEG-TS null packets (PID 0x1FFF), which carry nothing: a stream of bytes that never holds a frame. */
    public static byte[] mpegTsNullPackets(int packets) {
        byte[] bytes = new byte[188 * packets];
        java.util.Arrays.fill(bytes, (byte) 0xFF);
        for (int at = 0; at < bytes.length; at += 188) {
            bytes[at] = 0x47;
            bytes[at + 1] = 0x1F;
            bytes[at + 3] = 0x10;
        }
        return bytes;
    }
}
