package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SourceReaderBase;

import java.util.Map;

/** The source reader of one subtask: the cameras assigned to it, each decoded on its own thread. */
final class VideoSourceReader extends SourceReaderBase<ReaderItem, CameraRecord, CameraSplit, CameraSplitState> {

    VideoSourceReader(Configuration config, SourceReaderContext context) {
        super(new PerCameraFetcherManager(config), new VideoFrameEmitter(), config, context);
    }

    @Override
    protected void onSplitFinished(Map<String, CameraSplitState> finishedSplitIds) {
        // Nothing to clean up: each camera's decoder closes itself when its input ends.
    }

    @Override
    protected CameraSplitState initializedState(CameraSplit split) {
        return new CameraSplitState(split);
    }

    @Override
    protected CameraSplit toSplitType(String splitId, CameraSplitState state) {
        return state.toSplit();
    }
}
