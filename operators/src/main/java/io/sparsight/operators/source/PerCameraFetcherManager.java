package io.sparsight.operators.source;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher;
import org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every camera its own fetcher thread, so a slow or stuck camera never delays the others in the reader.
 */
final class PerCameraFetcherManager extends SplitFetcherManager<ReaderItem, CameraSplit> {

    private final Map<String, SplitFetcher<ReaderItem, CameraSplit>> fetcherByCamera = new HashMap<>();

    PerCameraFetcherManager(Configuration config) {
        super(VideoSplitReader::new, config);
    }

    @Override
    public synchronized void addSplits(List<CameraSplit> splits) {
        for (CameraSplit split : splits) {
            SplitFetcher<ReaderItem, CameraSplit> fetcher = createSplitFetcher();
            fetcher.addSplits(List.of(split));
            fetcherByCamera.put(split.splitId(), fetcher);
            startFetcher(fetcher);
        }
    }

    /**
     * Asks the camera's thread to report the camera removed (or, when {@code changed}, offline until it starts again
     * with its new settings) and end its split; false if it has no thread here.
     */
    synchronized boolean stopCamera(String cameraId, boolean changed) {
        SplitFetcher<ReaderItem, CameraSplit> fetcher = fetcherByCamera.get(cameraId);
        if (fetcher == null) {
            return false;
        }
        VideoSplitReader reader = (VideoSplitReader) fetcher.getSplitReader();
        reader.requestStop(changed);
        return true;
    }

    /** The camera's split has finished; its fetcher shuts down on its own. */
    synchronized void forget(String cameraId) {
        fetcherByCamera.remove(cameraId);
    }

    @Override
    public synchronized void removeSplits(List<CameraSplit> splits) {
        for (CameraSplit split : splits) {
            SplitFetcher<ReaderItem, CameraSplit> fetcher = fetcherByCamera.remove(split.splitId());
            if (fetcher != null) {
                fetcher.shutdown();
            }
        }
    }
}
