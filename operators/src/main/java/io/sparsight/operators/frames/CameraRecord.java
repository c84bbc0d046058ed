package io.sparsight.operators.frames;

/**
 * What the video source emits: either a sampled frame or a camera status change (exactly one is set). A Flink
 * POJO, split into a frame stream and a status stream right after the source.
 */
public class CameraRecord {

    public VideoFrame frame;
    public CameraStatus status;

    public CameraRecord() {}

    public static CameraRecord frame(VideoFrame frame) {
        CameraRecord r = new CameraRecord();
        r.frame = frame;
        return r;
    }

    public static CameraRecord status(CameraStatus status) {
        CameraRecord r = new CameraRecord();
        r.status = status;
        return r;
    }

    public boolean isFrame() {
        return frame != null;
    }

    @Override
    public String toString() {
        return frame != null ? frame.toString() : String.valueOf(status);
    }
}
