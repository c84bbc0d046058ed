package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a camera's frames with their wall-clock time as the event timestamp, advancing the camera's checkpointed
 * read position, and its status changes stamped with their own time.
 */
final class VideoFrameEmitter implements RecordEmitter<ReaderItem, CameraRecord, CameraSplitState> {

    @Override
    public void emitRecord(ReaderItem item, SourceOutput<CameraRecord> output, CameraSplitState state) {
        CameraRecord record = item.record();
        if (record.isFrame()) {
            output.collect(record, record.frame.captureTimeMs);
            state.emitted(record.frame.frameIndex, item.slot());
        } else {
            output.collect(record, record.status.timeMs);
        }
    }
}
