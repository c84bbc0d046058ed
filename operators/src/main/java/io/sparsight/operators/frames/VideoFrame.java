package io.sparsight.operators.frames;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sampled frame of one camera, at the analysis size, as it crosses Flink.
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so it is serialised by Flink's POJO serializer, never
 * Kryo. The pixels are a compact {@code byte[]}: {@code height} rows of {@code width * channels} bytes, no row
 * padding. Channels are 1 (grey) or 3 (BGR, OpenCV's order).
 */
public class VideoFrame {

    /** The camera (split) the frame came from; also the Flink key. */
    public String cameraId;

    /** Index of this frame among all frames decoded from the stream, from 0. */
    public long frameIndex;

    /** Offset of the frame in the stream, in milliseconds, from the first frame's presentation time. */
    public long streamOffsetMs;

    /** Wall-clock time of the frame, in epoch milliseconds: capture time for live inputs, stream start + offset for files. */
    public long captureTimeMs;

    /** Wall-clock start of the stream (epoch ms); with the camera id it identifies one run over one stream. */
    public long streamStartMs;

    /**
     * What the stream is (source/StreamIdentity): a file's path, size and modification time, a live camera's run.
     * Event ids are derived from it, so the same file read again gives the same events the same ids.
     */
    public long streamId;

    /** Wall-clock time this process decoded the frame, epoch ms: where event latency is measured from (metrics). */
    public long arrivalMs;

    /**
     * True for a frame the diffusion stage made to fill a gap the camera left ({@code io.sparsight.repair}), never
     * decoded from the stream: its {@link #frameIndex} is -1 and its times are where the lost frame would have been.
     */
    public boolean synthetic;

    /**
     * True for the diffusion stage's prediction of the camera's frame {@link #frameIndex} (at the model's size, grey),
     * made from the frames before it and never decoded: the clip stage shows it beside the real frame for
     * {@code io.sparsight.prediction} events.
     */
    public boolean predicted;

    /**
     * True for a frame of a live camera (network stream or device): its capture time is the wall clock, and the
     * stages close its open spans after {@code idleClose} of wall-clock time without frames, as well as of event time.
     */
    public boolean live;

    public int width;
    public int height;
    public int channels;
    public byte[] pixels;

    public VideoFrame() {}

    /** The frame, its {@link #arrivalMs} set to now. */
    public static VideoFrame arrivedNow(VideoFrame frame) {
        frame.arrivalMs = System.currentTimeMillis();
        return frame;
    }

    public VideoFrame(
            String cameraId,
            long frameIndex,
            long streamOffsetMs,
            long streamStartMs,
            int width,
            int height,
            int channels,
            byte[] pixels) {
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException(
                    "pixels has " + pixels.length + " bytes, expected width*height*channels = "
                            + (width * height * channels));
        }
        this.cameraId = cameraId;
        this.frameIndex = frameIndex;
        this.streamOffsetMs = streamOffsetMs;
        this.streamStartMs = streamStartMs;
        this.captureTimeMs = streamStartMs + streamOffsetMs;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof VideoFrame)) {
            return false;
        }
        VideoFrame that = (VideoFrame) o;
        return frameIndex == that.frameIndex
                && streamOffsetMs == that.streamOffsetMs
                && captureTimeMs == that.captureTimeMs
                && streamStartMs == that.streamStartMs
                && width == that.width
                && height == that.height
                && channels == that.channels
                && synthetic == that.synthetic
                && predicted == that.predicted
                && live == that.live
                && streamId == that.streamId
                && Objects.equals(cameraId, that.cameraId)
                && Arrays.equals(pixels, that.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cameraId, frameIndex, streamOffsetMs);
    }

    @Override
    public String toString() {
        return "VideoFrame{" + cameraId + (synthetic ? " synthetic" : "") + (predicted ? " predicted" : "") + " #" + frameIndex + " @" + streamOffsetMs
                + "ms " + width + "x" + height
                + "x" + channels + "}";
    }
}
