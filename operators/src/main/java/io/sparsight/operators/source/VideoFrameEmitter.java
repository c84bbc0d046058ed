package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits a kept frame with its wall-clock time as the event timestamp, and advances the camera's position. */
final class VideoFrameEmitter implements RecordEmitter<DecodedSample, VideoFrame, CameraSplitState> {

    @Override
    public void emitRecord(DecodedSample sample, SourceOutput<VideoFrame> output, CameraSplitState state) {
        VideoFrame frame = sample.frame();
        output.collect(frame, frame.captureTimeMs);
        state.emitted(frame.frameIndex, sample.slot());
    }
}
