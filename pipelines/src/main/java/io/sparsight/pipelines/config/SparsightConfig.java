package io.sparsight.pipelines.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.diffusion.DiffusionConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.LiveSettings;
import io.sparsight.pipelines.jobs.CameraJob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML job configuration as written by the user: every field has a default and a description. Read by
 * {@link ConfigLoader}, which rejects unknown keys and checks every value (errors name the path and the line).
 * The reference is docs/configuration.md. The defaults are the stages' own ({@code MotionConfig.defaults()} and the
 * rest), written here in the YAML's units; none is written twice.
 */
public class SparsightConfig {

    private static final MotionConfig MOTION = MotionConfig.defaults();
    private static final AnomalyConfig ANOMALY = AnomalyConfig.defaults();
    private static final DiffusionConfig DIFFUSION = DiffusionConfig.defaults();
    private static final GroundingConfig GROUNDING = GroundingConfig.defaults();
    private static final LiveSettings LIVE = LiveSettings.defaults();
    private static final ObjectsConfig OBJECTS = ObjectsConfig.defaults();
    private static final CameraObjects CAMERA_OBJECTS = CameraObjects.defaults();
    private static final ClipsConfig CLIPS = ClipsConfig.defaults();

    @JsonPropertyDescription("the Flink job")
    public Job job = new Job();

    @JsonPropertyDescription("the cameras to read; at least one")
    public List<Camera> cameras = new ArrayList<>();

    @JsonPropertyDescription("the motion stage")
    public Motion motion = new Motion();

    @JsonPropertyDescription("the anomaly stage (frame prediction), for the cameras with anomaly: true")
    public Anomaly anomaly = new Anomaly();

    @JsonPropertyDescription("the diffusion stage (a video DiT predicts each camera's next frames; its error is a"
            + " second anomaly signal), for the cameras with diffusion: true")
    public Diffusion diffusion = new Diffusion();

    @JsonPropertyDescription("the object stage (a COCO detector gated by motion, tracks, zones), for the cameras with"
            + " an objects: block")
    public Objects objects = new Objects();

    @JsonPropertyDescription("clips and snapshots of events, for the cameras with clips: true")
    public Clips clips = new Clips();

    @JsonPropertyDescription("where events go")
    public Kafka kafka = new Kafka();

    @JsonPropertyDescription("standing natural-language queries (temporal grounding)")
    public Grounding grounding = new Grounding();

    /** The Flink job. */
    public static class Job {
        @JsonPropertyDescription("job name; also names the Kafka transactional ids (sparsight-<name>)")
        public String name = "sparsight";
        @JsonPropertyDescription("parallelism of every operator")
        public int parallelism = 1;
        @JsonPropertyDescription("how often state is checkpointed and exactly-once events are committed")
        public String checkpointInterval = "1s";
        @JsonPropertyDescription("a camera that sends nothing for this long stops holding back event time")
        public String sourceIdleness = DurationText.format(CameraJob.SOURCE_IDLENESS.toMillis());
        @JsonPropertyDescription("hashmap (state on the heap) or rocksdb (state on local disk)")
        public String stateBackend = JobSettings.State.defaults().backend();
        @JsonPropertyDescription("folder or URI (file:///..., s3://...) every JobManager and TaskManager reaches: checkpoints"
                + " are kept there, also when the job is cancelled, and savepoints go to its savepoints/ folder; none: the"
                + " JobManager's memory")
        public String checkpointDir;
        @JsonPropertyDescription("a job with a live camera restarts after a failure for as long as it takes, first after"
                + " this delay")
        public String restartDelay = DurationText.format(JobSettings.Restarts.defaults().delay().toMillis());
        @JsonPropertyDescription("the restart delay doubles up to this")
        public String restartDelayMax = DurationText.format(JobSettings.Restarts.defaults().maxDelay().toMillis());
    }

    /** One camera. */
    public static class Camera {
        @JsonPropertyDescription("unique camera id: the Kafka key and the CloudEvents source")
        public String id;
        @JsonPropertyDescription("file, image folder, lavfi:<graph>, rtsp/http/udp/tcp/srt URL or /dev/videoN")
        public String url;
        @JsonPropertyDescription("full | keyframes | fps=N | motion=T[,heartbeat=10s][,fps=N]")
        public String sampling = CameraSpec.DEFAULT_SAMPLING.toString();
        @JsonPropertyDescription("analysis size WIDTHxHEIGHT")
        public String size = CameraSpec.DEFAULT_WIDTH + "x" + CameraSpec.DEFAULT_HEIGHT;
        @JsonPropertyDescription("1 grey, 3 BGR")
        public int channels = CameraSpec.DEFAULT_CHANNELS;
        @JsonPropertyDescription("files: 0 reads as fast as possible, 1.0 paces like a live camera")
        public double playbackSpeed = 0;
        @JsonPropertyDescription("FFmpeg decoder threads; 0 lets FFmpeg choose")
        public int decoderThreads = 0;
        @JsonPropertyDescription("FFmpeg demuxer and protocol options, e.g. rtsp_transport: udp")
        public Map<String, String> ffmpegOptions = new LinkedHashMap<>();
        @JsonPropertyDescription("how a live camera is watched")
        public Live live = new Live();
        @JsonPropertyDescription("score this camera's frames with an anomaly model; give the camera the model's size and"
                + " the frame rate it was trained at (the bundled model: 180x120, every frame of 10 fps footage)")
        public boolean anomaly = false;
        @JsonPropertyDescription("this camera's anomaly model: a model folder or bundled:<name> (default: anomaly.model)")
        public String anomalyModel;
        @JsonPropertyDescription("predict this camera's next frames with the diffusion model and report frames it"
                + " could not predict (the bundled model: 96x64 grey, every frame of 10 fps footage)")
        public boolean diffusion = false;
        @JsonPropertyDescription("answer the standing queries (grounding) on this camera; give it channels: 3 (the"
                + " model reads colour)")
        public boolean grounding = false;
        @JsonPropertyDescription("detect and track objects on this camera (objects: {} for the defaults); give it"
                + " channels: 3 and a size near the picture's (the detector reads 416x416)")
        public CameraObjectsEntry objects;
        @JsonPropertyDescription("keep this camera's recent footage and give its events a clip and a snapshot (see"
                + " clips)")
        public boolean clips = false;
    }

    /** What one camera's object stage looks for. */
    public static class CameraObjectsEntry {
        @JsonPropertyDescription("the COCO classes to track")
        public List<String> classes = new ArrayList<>(CAMERA_OBJECTS.classes());
        @JsonPropertyDescription("detections per second at most (motion decides which frames are looked at)")
        public double fps = CAMERA_OBJECTS.fps();
        @JsonPropertyDescription("a detection at least this confident (0..1) starts a track")
        public double minScore = CAMERA_OBJECTS.minScore();
        @JsonPropertyDescription("named areas of the picture; tracks entering, leaving or loitering in them are events")
        public List<ZoneEntry> zones = new ArrayList<>();
        @JsonPropertyDescription("give tracked people their pose (17 keypoints, the bundled MoveNet MultiPose), for"
                + " track-grounding queries about what people do; costs a pose-model call per detected frame with"
                + " people")
        public boolean poses = CAMERA_OBJECTS.poses();
    }

    /** A zone of one camera. */
    public static class ZoneEntry {
        @JsonPropertyDescription("the zone's name in events")
        public String name;
        @JsonPropertyDescription("the polygon's corners in order, [[x, y], ...]: analysis pixels, or fractions of the"
                + " picture with relative: true")
        public List<List<Double>> points = new ArrayList<>();
        @JsonPropertyDescription("the points are fractions (0..1) of the picture's width and height")
        public boolean relative = false;
        @JsonPropertyDescription("the classes reported in this zone (default: every class the camera tracks)")
        public List<String> classes = new ArrayList<>();
        @JsonPropertyDescription("a track that stays this long is reported once per visit (0s: never)")
        public String loiter = "0s";
    }

    /** How a live camera is watched. */
    public static class Live {
        @JsonPropertyDescription("FFmpeg open and read timeout")
        public String ioTimeout = DurationText.format(LIVE.ioTimeoutMs());
        @JsonPropertyDescription("tcp:// cameras: bytes but no frame for this long means stalled")
        public String stallTimeout = DurationText.format(LIVE.stallTimeoutMs());
        @JsonPropertyDescription("first reconnect delay; doubles up to backoffMax, with jitter")
        public String backoffInitial = DurationText.format(LIVE.backoffInitialMs());
        @JsonPropertyDescription("longest reconnect delay")
        public String backoffMax = DurationText.format(LIVE.backoffMaxMs());
        @JsonPropertyDescription("frames that may wait before the oldest are dropped")
        public int queueCapacity = LIVE.queueCapacity();
    }

    /** The motion stage. */
    public static class Motion {
        @JsonPropertyDescription("a pixel counts as changed when its difference exceeds this (of 255)")
        public int pixelThreshold = MOTION.pixelThreshold();
        @JsonPropertyDescription("a span opens when the changed-pixel fraction reaches this")
        public double enterThreshold = MOTION.enterThreshold();
        @JsonPropertyDescription("and stays open while it is at least this")
        public double exitThreshold = MOTION.exitThreshold();
        @JsonPropertyDescription("shorter spans are dropped")
        public String minDuration = DurationText.format(MOTION.minDurationMs());
        @JsonPropertyDescription("a span closes after this long below the exit threshold")
        public String quiet = DurationText.format(MOTION.quietMs());
        @JsonPropertyDescription("a camera that sends nothing for this long has its open span closed")
        public String idleClose = DurationText.format(MOTION.idleCloseMs());
    }

    /** The anomaly stage. */
    public static class Anomaly {
        @JsonPropertyDescription("the model of cameras that name none: a model folder or bundled:<name>")
        public String model = ANOMALY.defaultModel();
        @JsonPropertyDescription("where the models run: auto (a GPU when there is one), cpu, gpu or gpu:N")
        public String device = ANOMALY.device();
        @JsonPropertyDescription("frames (of all cameras of a subtask) scored in one model call, at most")
        public int batchSize = ANOMALY.batchSize();
        @JsonPropertyDescription("a frame waits at most this long for its batch to fill")
        public String batchTimeout = DurationText.format(ANOMALY.batchTimeoutMs());
        @JsonPropertyDescription("a span opens when the anomaly score (0..1) reaches this; 0.5 = the model's live alarm gap below normal PSNR")
        public double enterThreshold = ANOMALY.enterThreshold();
        @JsonPropertyDescription("and stays open while it is at least this")
        public double exitThreshold = ANOMALY.exitThreshold();
        @JsonPropertyDescription("shorter spans are dropped")
        public String minDuration = DurationText.format(ANOMALY.minDurationMs());
        @JsonPropertyDescription("a span closes after this long below the exit threshold")
        public String quiet = DurationText.format(ANOMALY.quietMs());
        @JsonPropertyDescription("a camera that sends nothing for this long has its open span closed")
        public String idleClose = DurationText.format(ANOMALY.idleCloseMs());
        @JsonPropertyDescription("a live camera's frame that reaches the stage later than this after it was decoded is"
                + " not scored (the stage is behind and catches up); 0 scores every frame")
        public String maxLag = DurationText.format(ANOMALY.maxLagMs());
    }

    /** The diffusion stage. */
    public static class Diffusion {
        @JsonPropertyDescription("the model: a model folder (with its attention plan) or bundled:<name>")
        public String model = DIFFUSION.model();
        @JsonPropertyDescription("where the model runs: auto (a GPU when there is one), cpu, gpu or gpu:N")
        public String device = DIFFUSION.device();
        @JsonPropertyDescription("predictions (of all cameras of a subtask) made in one model call, at most")
        public int batchSize = DIFFUSION.batchSize();
        @JsonPropertyDescription("a prediction waits at most this long for its batch to fill")
        public String batchTimeout = DurationText.format(DIFFUSION.batchTimeoutMs());
        @JsonPropertyDescription("seeds the sampler (a camera's prediction of the frames from n on uses seed + n)")
        public long seed = DIFFUSION.seed();
        @JsonPropertyDescription("a span opens when the prediction score (0..1) reaches this; 0.5 = the model's live"
                + " alarm gap below normal PSNR")
        public double enterThreshold = DIFFUSION.enterThreshold();
        @JsonPropertyDescription("and stays open while it is at least this")
        public double exitThreshold = DIFFUSION.exitThreshold();
        @JsonPropertyDescription("shorter spans are dropped")
        public String minDuration = DurationText.format(DIFFUSION.minDurationMs());
        @JsonPropertyDescription("a span closes after this long below the exit threshold")
        public String quiet = DurationText.format(DIFFUSION.quietMs());
        @JsonPropertyDescription("a camera that sends nothing for this long has its open span closed")
        public String idleClose = DurationText.format(DIFFUSION.idleCloseMs());
        @JsonPropertyDescription("fill the gaps a camera leaves (lost frames) with synthetic frames and report each gap"
                + " with an io.sparsight.repair event")
        public boolean repair = DIFFUSION.repair();
        @JsonPropertyDescription("longer gaps (in frames at the camera's analysis rate) are not filled")
        public int maxRepairFrames = DIFFUSION.maxRepairFrames();
        @JsonPropertyDescription("a live camera's stride whose last frame reaches the stage later than this after it was"
                + " decoded is not predicted (the stage is behind and catches up); 0 predicts every stride")
        public String maxLag = DurationText.format(DIFFUSION.maxLagMs());
    }

    /** The object stage. */
    public static class Objects {
        @JsonPropertyDescription("the detector: bundled:coco-nanodet, or a folder with a TF.js NanoDet graph (model.json)")
        public String model = OBJECTS.model();
        @JsonPropertyDescription("where the detector runs: auto (a GPU when there is one), cpu, gpu or gpu:N")
        public String device = OBJECTS.device();
        @JsonPropertyDescription("frames (of all cameras of a subtask) detected in one network call, at most")
        public int batchSize = OBJECTS.batchSize();
        @JsonPropertyDescription("a frame waits at most this long for its batch to fill")
        public String batchTimeout = DurationText.format(OBJECTS.batchTimeoutMs());
        @JsonPropertyDescription("a frame is looked at when this fraction of a 64x48 grey copy changed since the last"
                + " one looked at")
        public double motionThreshold = OBJECTS.motionThreshold();
        @JsonPropertyDescription("a pixel of that copy counts as changed when it differs by more than this (of 255)")
        public int pixelThreshold = OBJECTS.pixelThreshold();
        @JsonPropertyDescription("a camera is looked at at least this often, motion or not")
        public String heartbeat = DurationText.format(OBJECTS.heartbeatMs());
        @JsonPropertyDescription("detections from this score keep confirmed tracks going")
        public double weakScore = OBJECTS.weakScore();
        @JsonPropertyDescription("a track and a detection are one object from this box overlap (IoU)")
        public double matchIou = OBJECTS.matchIou();
        @JsonPropertyDescription("matches that confirm a track")
        public int minHits = OBJECTS.minHits();
        @JsonPropertyDescription("detections in a row that miss a track end it")
        public int maxMisses = OBJECTS.maxMisses();
        @JsonPropertyDescription("a camera that sends nothing for this long has its tracks ended")
        public String idleClose = DurationText.format(OBJECTS.idleCloseMs());
        @JsonPropertyDescription("a live camera's frame that reaches the stage later than this after it was decoded is"
                + " not looked at (the stage is behind and catches up); 0 looks at every frame the gate lets through")
        public String maxLag = DurationText.format(OBJECTS.maxLagMs());
    }

    /** The grounding stage: standing natural-language queries over the cameras that have grounding: true. */
    public static class Grounding {
        @JsonPropertyDescription("the model: a model folder or bundled:<name>")
        public String model = GROUNDING.model();
        @JsonPropertyDescription("where the model runs: auto (a GPU when there is one), cpu, gpu or gpu:N")
        public String device = GROUNDING.device();
        @JsonPropertyDescription("length of the sliding window the model reads (its frames are sampled evenly over it)")
        public String window = DurationText.format(GROUNDING.windowMs());
        @JsonPropertyDescription("a window every this much stream time")
        public String stride = DurationText.format(GROUNDING.strideMs());
        @JsonPropertyDescription("presence probability a query needs when it gives none")
        public double threshold = GROUNDING.defaultThreshold();
        @JsonPropertyDescription("detections of one query less than this apart are one moment")
        public String mergeGap = DurationText.format(GROUNDING.mergeGapMs());
        @JsonPropertyDescription("a camera silent this long (stream time) has its open moments closed")
        public String idleClose = DurationText.format(GROUNDING.idleCloseMs());
        @JsonPropertyDescription("the most standing queries one camera answers (a query for every camera counts for"
                + " each); more adds are refused with a dead letter")
        public int maxQueriesPerCamera = GROUNDING.maxQueriesPerCamera();
        @JsonPropertyDescription("the most standing queries in the job")
        public int maxQueries = GROUNDING.maxQueries();
        @JsonPropertyDescription("queries sent to the control topic when the job starts (e.g. for the embedded broker)")
        public List<Query> queries = new ArrayList<>();
    }

    /** A standing query written in the configuration. */
    public static class Query {
        public String id;
        public String text;
        @JsonPropertyDescription("a camera id, or * (default) for every grounding camera")
        public String camera = "*";
        @JsonPropertyDescription("presence probability needed (default: grounding.threshold)")
        public Double threshold;
    }

    /** Clips and snapshots of events. */
    public static class Clips {
        @JsonPropertyDescription("folder or URI (file:///..., s3://..., hdfs://...) every TaskManager writes; clips go to"
                + " <store>/<camera>/<event id>.mp4 and snapshots beside them as .jpg")
        public String store = CLIPS.store();
        @JsonPropertyDescription("footage before the event's start")
        public String preRoll = DurationText.format(CLIPS.preRollMs());
        @JsonPropertyDescription("footage after the event's end (the event waits for it)")
        public String postRoll = DurationText.format(CLIPS.postRollMs());
        @JsonPropertyDescription("recent footage kept in memory per camera to cut clips from; longer events get their"
                + " latest part")
        public String buffer = DurationText.format(CLIPS.bufferMs());
        @JsonPropertyDescription("at most this much footage (analysis-size frames) kept per camera")
        public String cameraBuffer = ByteSizeText.format(CLIPS.cameraBufferBytes());
        @JsonPropertyDescription("at most this much footage kept by one subtask for all its cameras")
        public String totalBuffer = ByteSizeText.format(CLIPS.totalBufferBytes());
        @JsonPropertyDescription("clips and snapshots older than this are deleted")
        public String maxAge = DurationText.format(CLIPS.maxAgeMs());
        @JsonPropertyDescription("the oldest clips are deleted while the store holds more than this")
        public String maxStoreSize = ByteSizeText.format(CLIPS.maxStoreBytes());
        @JsonPropertyDescription("threads per subtask that encode and write clips")
        public int writerThreads = CLIPS.writerThreads();
        @JsonPropertyDescription("clips that may wait for a writer; events beyond it go out without a clip (counted)")
        public int queueCapacity = CLIPS.queueCapacity();
        @JsonPropertyDescription("the event types that get clips: anomaly, prediction, moment, object, zone, motion")
        public List<String> types = CLIPS.types().stream().map(t -> t.substring(EVENT_TYPE_PREFIX.length()))
                .sorted().collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    }

    /** The prefix of every event type ({@code io.sparsight.}); clips.types are written without it. */
    public static final String EVENT_TYPE_PREFIX = "io.sparsight.";

    /** Where events go. */
    public static class Kafka {
        @JsonPropertyDescription("host:port[,host:port], or 'embedded' for a broker inside this process (run only)")
        public String bootstrapServers = "embedded";
        @JsonPropertyDescription("exactly-once | at-least-once")
        public String deliveryGuarantee = "exactly-once";
        @JsonPropertyDescription("must stay below the brokers' transaction.max.timeout.ms")
        public String transactionTimeout = "10m";
        @JsonPropertyDescription("topic of each event kind")
        public Topics topics = new Topics();
        @JsonPropertyDescription("any Kafka client property for every client (SASL, SSL, ...); secret values as"
                + " ${env:NAME} or ${file:PATH}, resolved by the client when it starts")
        public Map<String, String> properties = new LinkedHashMap<>();
    }

    /** Topic names. */
    public static class Topics {
        public String motion = EventTopics.DEFAULT_MOTION_TOPIC;
        public String cameraStatus = EventTopics.DEFAULT_CAMERA_STATUS_TOPIC;
        public String anomalies = EventTopics.DEFAULT_ANOMALY_TOPIC;
        public String moments = EventTopics.DEFAULT_MOMENT_TOPIC;
        public String predictions = EventTopics.DEFAULT_PREDICTION_TOPIC;
        @JsonPropertyDescription("the gaps the diffusion stage filled")
        public String repairs = EventTopics.DEFAULT_REPAIR_TOPIC;
        @JsonPropertyDescription("object tracks that ended and zone enter, leave and loiter events")
        public String objects = EventTopics.DEFAULT_OBJECT_TOPIC;
        @JsonPropertyDescription("dead letters: control messages that were refused, with the reason")
        public String rejected = EventTopics.DEFAULT_REJECTED_TOPIC;
        @JsonPropertyDescription("the control topic standing queries are added to and removed from")
        public String queries = EventTopics.DEFAULT_QUERY_TOPIC;
        @JsonPropertyDescription("the control topic this job's cameras are added to and removed from while it runs"
                + " (default: sparsight.<job name>.cameras)")
        public String cameras;
    }
}
