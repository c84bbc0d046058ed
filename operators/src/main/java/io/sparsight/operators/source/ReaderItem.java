package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;

/**
 * What a camera's thread hands to the source reader: a kept frame with its sampling slot (which advances the
 * checkpointed read position), or a status change.
 */
record ReaderItem(CameraRecord record, long slot) {

    static ReaderItem frame(VideoFrame frame, long slot) {
        return new ReaderItem(CameraRecord.frame(frame), slot);
    }

    static ReaderItem status(CameraStatus status) {
        return new ReaderItem(CameraRecord.status(status), -1);
    }

    boolean isFrame() {
        return record.isFrame();
    }
}
