package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.CameraStatusEvents;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.SplitCameraRecords;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.motion.MotionSpanFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * The motion job: video frames from a source, keyed by camera, through the motion stage, to an event sink, with the
 * cameras' status changes as events alongside. Source and sink are parameters so tests can swap them; the pieces are separate so a test can put an
 * operator between them (e.g. one that fails once).
 */
public final class MotionJob {

    /** Default: a camera that sends nothing for this long stops holding back event time for the others. */
    public static final Duration SOURCE_IDLENESS = Duration.ofSeconds(10);

    private MotionJob() {}

    /** Wires source, motion stage and sink into {@code env}. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<CameraRecord, ?, ?> source,
            MotionConfig motion,
            Sink<EventRecord> sink) {
        build(env, source, SOURCE_IDLENESS, motion, sink);
    }

    /** @param sourceIdleness a camera that sends nothing for this long stops holding back event time */
    public static void build(
            StreamExecutionEnvironment env,
            Source<CameraRecord, ?, ?> source,
            Duration sourceIdleness,
            MotionConfig motion,
            Sink<EventRecord> sink) {
        CameraStreams cameras = cameras(env, source, sourceIdleness);
        sinkEvents(motionEvents(cameras.frames(), motion).union(cameras.statusEvents()), sink);
    }

    /** The frames of every camera, and their status changes as events. */
    public record CameraStreams(DataStream<VideoFrame> frames, DataStream<EventRecord> statusEvents) {}

    public static CameraStreams cameras(StreamExecutionEnvironment env, Source<CameraRecord, ?, ?> source) {
        return cameras(env, source, SOURCE_IDLENESS);
    }

    public static CameraStreams cameras(
            StreamExecutionEnvironment env, Source<CameraRecord, ?, ?> source, Duration sourceIdleness) {
        WatermarkStrategy<CameraRecord> watermarks =
                WatermarkStrategy.<CameraRecord>forMonotonousTimestamps().withIdleness(sourceIdleness);
        SingleOutputStreamOperator<VideoFrame> frames = env.fromSource(source, watermarks, "Video source")
                .uid("video-source")
                .process(new SplitCameraRecords())
                .uid("split-camera-records")
                .name("Frames and camera status");
        DataStream<EventRecord> statusEvents = frames.getSideOutput(SplitCameraRecords.STATUS)
                .map(new CameraStatusEvents())
                .uid("camera-status-events")
                .name("Camera status events");
        return new CameraStreams(frames, statusEvents);
    }

    public static DataStream<EventRecord> motionEvents(DataStream<VideoFrame> frames, MotionConfig motion) {
        return frames.keyBy(new ByCamera())
                .process(new MotionSpanFunction(motion))
                .uid("motion-spans")
                .name("Motion spans");
    }

    public static void sinkEvents(DataStream<EventRecord> events, Sink<EventRecord> sink) {
        events.sinkTo(sink).uid("kafka-events").name("Kafka events");
    }

    /** The key of every per-camera operator. */
    public static final class ByCamera implements KeySelector<VideoFrame, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(VideoFrame frame) {
            return frame.cameraId;
        }
    }
}
