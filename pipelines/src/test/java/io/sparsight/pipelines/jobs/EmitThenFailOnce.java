package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.EventRecord;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injects one failure exactly where exactly-once is tested hardest: the first event after a completed checkpoint is
 * passed on (to the chained Kafka writer, which writes it into the open transaction) and then the job fails, before
 * any later checkpoint could commit it. Once per {@code failureId}, remembered across the restart.
 */
final class EmitThenFailOnce extends ProcessFunction<EventRecord, EventRecord> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final Set<String> FAILED = ConcurrentHashMap.newKeySet();

    private final String failureId;
    private transient volatile boolean checkpointCompleted;

    EmitThenFailOnce(String failureId) {
        this.failureId = failureId;
    }

    static boolean hasFailed(String failureId) {
        return FAILED.contains(failureId);
    }

    @Override
    public void processElement(EventRecord event, Context ctx, Collector<EventRecord> out) throws InterruptedException {
        out.collect(event);
        if (checkpointCompleted && FAILED.add(failureId)) {
            // The writer hands the record to the Kafka producer, whose own thread sends it (linger.ms=0 in the test):
            // give it time to reach the broker inside the open transaction before failing.
            Thread.sleep(1_000);
            throw new IllegalStateException("Injected failure after writing " + event.id + " (test " + failureId + ")");
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointCompleted = true;
    }
}
