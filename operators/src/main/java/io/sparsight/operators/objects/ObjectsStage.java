package io.sparsight.operators.objects;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.Set;

/**
 * Wires the object stage: the frames of the cameras with {@code objects} settings, keyed by camera, detected (gated by
 * motion, batched across cameras), tracked and watched against zones ({@link ObjectTrackingOperator}):
 * {@code io.sparsight.object} and {@code io.sparsight.zone} events, and the tracks of every detected frame.
 */
public final class ObjectsStage {

    private ObjectsStage() {}

    /** What the stage gives: its events, and every detected frame's tracks (for the track-grounding stage). */
    public record Output(DataStream<EventRecord> events, DataStream<TrackedFrame> trackedFrames) {}

    /** Object and zone events of the cameras in {@code config}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, ObjectsConfig config) {
        return run(frames, config).events();
    }

    /** Object and zone events of the cameras in {@code config}, and their tracked frames. */
    public static Output run(DataStream<VideoFrame> frames, ObjectsConfig config) {
        Set<String> cameras = Set.copyOf(config.cameras().keySet());
        SingleOutputStreamOperator<EventRecord> events = frames.filter(frame -> cameras.contains(frame.cameraId))
                .name("objects-cameras")
                .uid("objects-cameras")
                .keyBy(new ByCamera())
                .transform("Object tracks", TypeInformation.of(EventRecord.class), new ObjectTrackingOperator(config))
                .uid("objects-tracks");
        return new Output(events, events.getSideOutput(ObjectTrackingOperator.TRACKED_FRAMES));
    }
}
