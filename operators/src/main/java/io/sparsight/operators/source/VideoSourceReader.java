package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SourceReaderBase;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The source reader of one subtask: the cameras assigned to it, each decoded on its own thread. */
final class VideoSourceReader extends SourceReaderBase<ReaderItem, CameraRecord, CameraSplit, CameraSplitState> {

    private final PerCameraFetcherManager fetchers;
    /** The cameras this reader reads now. */
    private final Set<String> reading = new HashSet<>();
    /** Cameras asked to stop ({@link StopCamera}) that have not finished yet. */
    private final Set<String> stopping = new HashSet<>();

    VideoSourceReader(Configuration config, SourceReaderContext context) {
        this(new PerCameraFetcherManager(config), config, context);
    }

    private VideoSourceReader(PerCameraFetcherManager fetchers, Configuration config, SourceReaderContext context) {
        super(fetchers, new VideoFrameEmitter(), config, context);
        this.fetchers = fetchers;
    }

    @Override
    public void addSplits(List<CameraSplit> splits) {
        super.addSplits(splits);
        splits.forEach(s -> reading.add(s.splitId()));
    }

    /** A camera removed or changed while the job runs: its thread reports it removed and ends its split. */
    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (!(event instanceof StopCamera stop)) {
            super.handleSourceEvents(event);
            return;
        }
        String id = stop.cameraId();
        if (reading.contains(id) && fetchers.stopCamera(id, stop.changed())) {
            stopping.add(id);
        } else {
            context.sendSourceEventToCoordinator(new CameraStopped(id));
        }
    }

    @Override
    protected void onSplitFinished(Map<String, CameraSplitState> finishedSplitIds) {
        // each camera's decoder has closed itself when its input ended or it was stopped
        for (String id : finishedSplitIds.keySet()) {
            reading.remove(id);
            fetchers.forget(id);
            if (stopping.remove(id)) {
                context.sendSourceEventToCoordinator(new CameraStopped(id));
            }
        }
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
