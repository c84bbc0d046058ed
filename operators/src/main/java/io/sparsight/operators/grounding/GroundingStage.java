package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.TrackGroundingBlock;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.objects.TrackedFrame;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the grounding stage: control messages parsed (bad ones to the dead letter), broadcast to every camera's
 * {@link MomentDetector}; the cameras' frames (pixel model, {@link #events}) or tracked frames from the object stage
 * (track model, {@link #trackEvents}) keyed by camera. Which of the two a job runs is the model's family
 * ({@link #readsTracks}).
 */
public final class GroundingStage {

    private GroundingStage() {}

    /** Whether {@code config}'s model reads the object stage's tracks (a track-grounding model) rather than frames. */
    public static boolean readsTracks(GroundingConfig config) {
        try {
            return TrackGroundingBlock.ARCHITECTURE.equals(ModelRef.manifest(config.model()).architecture);
        } catch (ModelArtifactException e) {
            throw new IllegalArgumentException("grounding.model: " + e.getMessage(), e);
        }
    }

    /** Moment events and dead letters of the pixel model, on the cameras' frames. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DataStream<ControlMessage> control,
            GroundingConfig config) {
        return moments(frames, new ByCamera(), new FrameMomentDetector(config), control, config);
    }

    /** Moment events and dead letters of the track model, on the object stage's tracked frames. */
    public static DataStream<EventRecord> trackEvents(DataStream<TrackedFrame> trackedFrames,
            DataStream<ControlMessage> control, GroundingConfig config) {
        return moments(trackedFrames, frame -> frame.cameraId, new TrackMomentDetector(config), control, config);
    }

    private static <I> DataStream<EventRecord> moments(DataStream<I> inputs, KeySelector<I, String> byCamera,
            MomentDetector<I> detector, DataStream<ControlMessage> control, GroundingConfig config) {
        SingleOutputStreamOperator<QueryCommand> commands = control
                .process(new QueryControlParser(config))
                .uid("query-control")
                .name("Query control messages")
                .setParallelism(1);
        BroadcastStream<QueryCommand> queries = commands.broadcast(MomentDetector.QUERIES);
        DataStream<EventRecord> moments = inputs
                .keyBy(byCamera, Types.STRING)
                .connect(queries)
                .process(detector)
                .uid("grounding-moments")
                .name("Grounding moments");
        return moments.union(commands.getSideOutput(QueryControlParser.REJECTED));
    }
}
