package io.sparsight.operators.source;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Hands each camera to one reader, chosen from the camera id's hash so a camera returns to the same subtask after a
 * restart. Cameras given back after a reader failure wait here until that reader registers again.
 */
final class CameraSplitEnumerator implements SplitEnumerator<CameraSplit, Collection<CameraSplit>> {

    private static final Logger LOG = LoggerFactory.getLogger(CameraSplitEnumerator.class);

    private final SplitEnumeratorContext<CameraSplit> context;
    private final List<CameraSplit> pending;

    CameraSplitEnumerator(SplitEnumeratorContext<CameraSplit> context, Collection<CameraSplit> pending) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.pending.sort((a, b) -> a.splitId().compareTo(b.splitId()));
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed when a reader registers; readers never ask.
    }

    @Override
    public void addSplitsBack(List<CameraSplit> splits, int subtaskId) {
        pending.addAll(splits);
        pending.sort((a, b) -> a.splitId().compareTo(b.splitId()));
    }

    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        List<CameraSplit> assigned = new ArrayList<>();
        Iterator<CameraSplit> it = pending.iterator();
        while (it.hasNext()) {
            CameraSplit split = it.next();
            if (ownerOf(split, parallelism) == subtaskId) {
                assigned.add(split);
                it.remove();
            }
        }
        for (CameraSplit split : assigned) {
            context.assignSplit(split, subtaskId);
        }
        LOG.info("Reader {} gets {} camera(s)", subtaskId, assigned.size());
        context.signalNoMoreSplits(subtaskId);
    }

    static int ownerOf(CameraSplit split, int parallelism) {
        return Math.floorMod(split.splitId().hashCode(), parallelism);
    }

    @Override
    public Collection<CameraSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
