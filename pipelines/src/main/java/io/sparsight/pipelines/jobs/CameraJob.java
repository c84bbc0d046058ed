package io.sparsight.pipelines.jobs;

import io.sparsight.operators.anomaly.AnomalyStage;
import io.sparsight.operators.clips.ClipStage;
import io.sparsight.operators.diffusion.DiffusionStage;
import io.sparsight.operators.events.CameraStatusEvents;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.SplitCameraRecords;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.grounding.ControlMessage;
import io.sparsight.operators.grounding.GroundingStage;
import io.sparsight.operators.metrics.EventMetrics;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.motion.MotionStage;
import io.sparsight.operators.objects.ObjectsStage;
import io.sparsight.operators.objects.TrackedFrame;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The camera job: video frames from a source, keyed by camera, through the motion stage and (for the cameras that
 * have them) the anomaly, diffusion, object and grounding stages ({@link CameraStages}), to an event sink, with the
 * cameras' status changes as events alongside; on cameras with clips, events wait for their clip and snapshot
 * ({@link ClipStage}). A track-grounding model reads the object stage's tracked frames, so
 * its cameras need objects settings; the pixel model reads the frames. Source and sink are parameters so tests can swap them; the pieces are separate so a
 * test can put an operator between them (e.g. one that fails once).
 */
public final class CameraJob {

    /** Default: a camera that sends nothing for this long stops holding back event time for the others. */
    public static final Duration SOURCE_IDLENESS = Duration.ofSeconds(10);
    /** The control topic counts as idle (not holding back event time) after this long without a message. */
    static final Duration CONTROL_IDLENESS = Duration.ofSeconds(1);

    private CameraJob() {}

    /** Wires source, the motion stage alone and sink into {@code env}. */
    public static void build(
            StreamExecutionEnvironment env,
            Source<CameraRecord, ?, ?> source,
            MotionConfig motion,
            Sink<EventRecord> sink) {
        build(env, source, SOURCE_IDLENESS, CameraStages.motionOnly(motion), null, sink);
    }

    /**
     * Wires source, stages and sink into {@code env}.
     *
     * @param sourceIdleness a camera that sends nothing for this long stops holding back event time
     * @param control the grounding stage's standing queries; may be null when no camera is grounded
     */
    public static void build(
            StreamExecutionEnvironment env,
            Source<CameraRecord, ?, ?> source,
            Duration sourceIdleness,
            CameraStages stages,
            Source<ControlMessage, ?, ?> control,
            Sink<EventRecord> sink) {
        if (stages.hasGrounding() && control == null) {
            throw new IllegalArgumentException("grounding cameras " + stages.groundingCameras()
                    + " need a control source for their standing queries");
        }
        boolean groundingOnTracks = stages.hasGrounding() && GroundingStage.readsTracks(stages.grounding());
        if (groundingOnTracks && !stages.objects().cameras().keySet().containsAll(stages.groundingCameras())) {
            throw new IllegalArgumentException("grounding model " + stages.grounding().model() + " reads the object"
                    + " stage's tracks: give grounding cameras " + stages.groundingCameras() + " objects settings"
                    + " (objects: {} for the defaults)");
        }
        CameraStreams cameras = cameras(env, source, sourceIdleness);
        DataStream<EventRecord> events = MotionStage.events(cameras.frames(), stages.motion()).union(cameras.statusEvents());
        DataStream<TrackedFrame> trackedFrames = null;
        if (stages.hasObjects()) {
            ObjectsStage.Output objects = ObjectsStage.run(cameras.frames(), stages.objects());
            events = events.union(objects.events());
            trackedFrames = objects.trackedFrames();
        }
        if (stages.hasAnomaly()) {
            DataStream<VideoFrame> scored = cameras.frames()
                    .filter(new CameraIn(stages.anomalyCameras()))
                    .uid("anomaly-cameras")
                    .name("Anomaly cameras");
            Set<String> fused = new HashSet<>(stages.anomalyCameras());
            fused.retainAll(stages.objects().cameras().keySet());
            DataStream<TrackedFrame> anomalyTracks = fused.isEmpty() ? null : trackedFrames
                    .filter(frame -> fused.contains(frame.cameraId))
                    .uid("anomaly-tracked-cameras")
                    .name("Anomaly cameras' tracks");
            events = events.union(AnomalyStage.events(scored, anomalyTracks, stages.anomaly()));
        }
        DataStream<VideoFrame> clipFrames = cameras.frames();
        if (stages.hasDiffusion()) {
            DataStream<VideoFrame> predicted = cameras.frames()
                    .filter(new CameraIn(stages.diffusionCameras()))
                    .uid("diffusion-cameras")
                    .name("Diffusion cameras");
            DiffusionStage.Outputs diffusion = DiffusionStage.run(predicted, stages.diffusion());
            events = events.union(diffusion.events());
            // prediction events' comparison clips: the clip stage keeps each camera's predictions beside its frames
            clipFrames = clipFrames.union(diffusion.predictedFrames());
        }
        if (stages.hasGrounding()) {
            // the control topic is quiet most of the time: idle, it must not hold back the cameras' event time
            DataStream<ControlMessage> messages = env.fromSource(control,
                    WatermarkStrategy.<ControlMessage>forMonotonousTimestamps().withIdleness(CONTROL_IDLENESS),
                    "Query control topic").uid("query-control-source").setParallelism(1);
            if (groundingOnTracks) {
                Set<String> grounded = new HashSet<>(stages.groundingCameras());
                DataStream<TrackedFrame> groundedTracks = trackedFrames
                        .filter(frame -> grounded.contains(frame.cameraId))
                        .uid("grounding-tracked-cameras")
                        .name("Grounding cameras' tracks");
                events = events.union(GroundingStage.trackEvents(groundedTracks, messages, stages.grounding()));
            } else {
                DataStream<VideoFrame> grounded = cameras.frames()
                        .filter(new CameraIn(stages.groundingCameras()))
                        .uid("grounding-cameras")
                        .name("Grounding cameras");
                events = events.union(GroundingStage.events(grounded, messages, stages.grounding()));
            }
        }
        if (stages.hasClips()) {
            events = ClipStage.events(clipFrames, events, stages.clips());
        }
        sinkEvents(events, sink);
    }

    /** Keeps the frames of the given cameras. */
    static final class CameraIn implements FilterFunction<VideoFrame> {
        private static final long serialVersionUID = 1L;
        private final HashSet<String> cameras;

        CameraIn(Set<String> cameras) {
            this.cameras = new HashSet<>(cameras);
        }

        @Override
        public boolean filter(VideoFrame frame) {
            return cameras.contains(frame.cameraId);
        }
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

    /** Counts and times the events (EventMetrics), then hands them to the sink. */
    public static void sinkEvents(DataStream<EventRecord> events, Sink<EventRecord> sink) {
        events.map(new EventMetrics()).uid("event-metrics").name("Event metrics")
                .sinkTo(sink).uid("kafka-events").name("Kafka events");
    }
}
