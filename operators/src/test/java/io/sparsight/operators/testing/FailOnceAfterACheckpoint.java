package io.sparsight.operators.testing;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes elements on; fails the job once, at the first element after a completed checkpoint. Each test names its
 * failure with an id of its own and asks {@link #failed} afterwards whether it happened.
 */
public final class FailOnceAfterACheckpoint<T> implements MapFunction<T, T>, CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();
    private final String id;
    private transient boolean checkpointed;

    public FailOnceAfterACheckpoint(String id) {
        this.id = id;
    }

    public static boolean failed(String id) {
        return FAILED.contains(id);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }

    @Override
    public T map(T value) {
        if (checkpointed && FAILED.add(id)) {
            throw new IllegalStateException("injected failure after a checkpoint");
        }
        return value;
    }
}
