package io.sparsight.operators.grounding;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the grounding stage: control messages parsed (bad ones to the dead letter), broadcast to every camera's
 * {@link MomentDetector}; frames keyed by camera.
 */
public final class GroundingStage {

    private GroundingStage() {}

    /** Moment events and dead letters. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DataStream<ControlMessage> control,
            GroundingConfig config) {
        SingleOutputStreamOperator<QueryCommand> commands = control
                .process(new QueryControlParser(config))
                .uid("query-control")
                .name("Query control messages")
                .setParallelism(1);
        BroadcastStream<QueryCommand> queries = commands.broadcast(MomentDetector.QUERIES);
        DataStream<EventRecord> moments = frames
                .keyBy(new ByCamera())
                .connect(queries)
                .process(new MomentDetector(config))
                .uid("grounding-moments")
                .name("Grounding moments");
        return moments.union(commands.getSideOutput(QueryControlParser.REJECTED));
    }
}
