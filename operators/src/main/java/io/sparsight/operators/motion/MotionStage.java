package io.sparsight.operators.motion;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wires the motion stage: frames keyed by camera, turned into motion span events per camera. */
public final class MotionStage {

    private MotionStage() {}

    /** Motion events of every camera in {@code frames}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, MotionConfig config) {
        return frames.keyBy(new ByCamera())
                .process(new MotionSpanFunction(config))
                .uid("motion-spans")
                .name("Motion spans");
    }
}
