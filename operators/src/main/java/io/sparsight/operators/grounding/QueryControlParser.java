package io.sparsight.operators.grounding;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.RejectedEvents;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control messages to commands; a message that does not parse goes to the {@link #REJECTED} side output as an
 * {@code io.sparsight.rejected} event (topic, partition, offset, the message and the reason) and the job goes on.
 */
public final class QueryControlParser extends ProcessFunction<ControlMessage, QueryCommand> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(QueryControlParser.class);

    public static final OutputTag<EventRecord> REJECTED = new OutputTag<>("rejected-control-messages") {
        private static final long serialVersionUID = 1L;
    };

    private final double defaultThreshold;

    public QueryControlParser(double defaultThreshold) {
        this.defaultThreshold = defaultThreshold;
    }

    @Override
    public void processElement(ControlMessage message, Context ctx, Collector<QueryCommand> out) {
        try {
            QueryCommand command = QueryMessages.parse(message.text, defaultThreshold);
            LOG.info("control message {}/{}@{}: {}", message.topic, message.partition, message.offset, command);
            out.collect(command);
        } catch (IllegalArgumentException e) {
            LOG.warn("control message {}/{}@{} rejected: {}", message.topic, message.partition, message.offset,
                    e.getMessage());
            ctx.output(REJECTED, rejected(message, e.getMessage()));
        }
    }

    /** The dead letter of a refused message; its id is derived from where the message was, so a replay repeats it. */
    static EventRecord rejected(ControlMessage message, String reason) {
        return RejectedEvents.of(message.topic, message.partition, message.offset, message.timestampMs, message.text,
                reason);
    }
}
