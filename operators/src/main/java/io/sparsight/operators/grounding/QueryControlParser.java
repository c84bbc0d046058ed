package io.sparsight.operators.grounding;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.RejectedEvents;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Control messages to commands, run as one task so that every camera sees the same commands in the same order. It
 * keeps the queries in force ({@link QueryBook}, checkpointed): an add beyond the caps and a remove of an id not in
 * force are refused. A refused or unparsable message goes to the {@link #REJECTED} side output as an
 * {@code io.sparsight.rejected} event (topic, partition, offset, the message and the reason) and the job goes on.
 */
public final class QueryControlParser extends ProcessFunction<ControlMessage, QueryCommand>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(QueryControlParser.class);

    public static final OutputTag<EventRecord> REJECTED = new OutputTag<>("rejected-control-messages") {
        private static final long serialVersionUID = 1L;
    };

    private final GroundingConfig config;
    private transient QueryBook book;
    private transient ListState<StandingQuery> checkpointed;

    public QueryControlParser(GroundingConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("queries-in-force", StandingQuery.class));
        book = new QueryBook(config.maxQueriesPerCamera(), config.maxQueries());
        if (context.isRestored()) {
            book.restore(checkpointed.get());
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(List.copyOf(book.inForce()));
    }

    @Override
    public void processElement(ControlMessage message, Context ctx, Collector<QueryCommand> out) {
        String refusal;
        try {
            QueryCommand command = QueryMessages.parse(message.text, config.defaultThreshold());
            Optional<String> refused = book.apply(command);
            if (refused.isEmpty()) {
                LOG.info("control message {}/{}@{}: {}", message.topic, message.partition, message.offset, command);
                out.collect(command);
                return;
            }
            refusal = refused.get();
        } catch (IllegalArgumentException e) {
            refusal = e.getMessage();
        }
        LOG.warn("control message {}/{}@{} rejected: {}", message.topic, message.partition, message.offset, refusal);
        ctx.output(REJECTED, rejected(message, refusal));
    }

    /** The dead letter of a refused message; its id is derived from where the message was, so a replay repeats it. */
    static EventRecord rejected(ControlMessage message, String reason) {
        return RejectedEvents.of(message.topic, message.partition, message.offset, message.timestampMs, message.text,
                reason);
    }
}
