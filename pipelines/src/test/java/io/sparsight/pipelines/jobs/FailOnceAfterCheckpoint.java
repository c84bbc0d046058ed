package io.sparsight.pipelines.jobs;

import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injects one failure: passes frames through until a checkpoint has completed and a frame at or past
 * {@code failAtOffsetMs} arrives, then throws once per {@code failureId} (remembered across the restart, which
 * builds a new instance in the same JVM).
 */
final class FailOnceAfterCheckpoint extends RichMapFunction<VideoFrame, VideoFrame> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private final String failureId;
    private final long failAtOffsetMs;
    private transient volatile boolean checkpointCompleted;

    FailOnceAfterCheckpoint(String failureId, long failAtOffsetMs) {
        this.failureId = failureId;
        this.failAtOffsetMs = failAtOffsetMs;
    }

    static boolean hasFailed(String failureId) {
        return FAILED.contains(failureId);
    }

    @Override
    public VideoFrame map(VideoFrame frame) {
        if (checkpointCompleted && frame.streamOffsetMs >= failAtOffsetMs && FAILED.add(failureId)) {
            throw new IllegalStateException("Injected failure at " + frame + " (test " + failureId + ")");
        }
        return frame;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointCompleted = true;
    }
}
