package io.sparsight.operators.source;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One camera as a unit of work of the {@link VideoSource}, with its read position. The position is what a
 * checkpoint stores, so a restored job resumes at the next frame it has not yet emitted.
 */
public final class CameraSplit implements SourceSplit {

    private final CameraSpec camera;
    private final long streamStartMs;
    private final long nextFrameIndex;
    private final long lastSampleSlot;

    /**
     * @param camera what to read
     * @param streamStartMs wall-clock start of this run over the stream (epoch ms), fixed when the split is made
     * @param nextFrameIndex index of the first decoded frame not yet emitted or skipped
     * @param lastSampleSlot sampling slot of the last emitted frame, -1 before the first
     */
    public CameraSplit(CameraSpec camera, long streamStartMs, long nextFrameIndex, long lastSampleSlot) {
        this.camera = camera;
        this.streamStartMs = streamStartMs;
        this.nextFrameIndex = nextFrameIndex;
        this.lastSampleSlot = lastSampleSlot;
    }

    public static CameraSplit fresh(CameraSpec camera, long streamStartMs) {
        return new CameraSplit(camera, streamStartMs, 0, -1);
    }

    @Override
    public String splitId() {
        return camera.id();
    }

    public CameraSpec camera() {
        return camera;
    }

    public long streamStartMs() {
        return streamStartMs;
    }

    public long nextFrameIndex() {
        return nextFrameIndex;
    }

    public long lastSampleSlot() {
        return lastSampleSlot;
    }

    @Override
    public String toString() {
        return "CameraSplit{" + camera + " next=" + nextFrameIndex + " slot=" + lastSampleSlot + "}";
    }
}
