package io.sparsight.pipelines.config;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.diffusion.DiffusionConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.jobs.CameraStages;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** A checked configuration, in the types the job is built from. */
public record JobSettings(
        String name,
        int parallelism,
        Duration checkpointInterval,
        Duration sourceIdleness,
        List<CameraSpec> cameras,
        MotionConfig motion,
        Kafka kafka,
        AnomalyConfig anomaly,
        Set<String> anomalyCameras,
        Grounding grounding,
        State state,
        Diffusion diffusion,
        Restarts restarts,
        ObjectsConfig objects,
        ClipsConfig clips) {

    /** Settings without clips. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka, AnomalyConfig anomaly,
            Set<String> anomalyCameras, Grounding grounding, State state, Diffusion diffusion, Restarts restarts,
            ObjectsConfig objects) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, anomaly, anomalyCameras,
                grounding, state, diffusion, restarts, objects, ClipsConfig.defaults());
    }

    /** Settings without an object stage. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka, AnomalyConfig anomaly,
            Set<String> anomalyCameras, Grounding grounding, State state, Diffusion diffusion, Restarts restarts) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, anomaly, anomalyCameras,
                grounding, state, diffusion, restarts, ObjectsConfig.defaults());
    }

    /** Settings whose job restarts as {@link Restarts#defaults()} says. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka, AnomalyConfig anomaly,
            Set<String> anomalyCameras, Grounding grounding, State state, Diffusion diffusion) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, anomaly, anomalyCameras,
                grounding, state, diffusion, Restarts.defaults());
    }

    /**
     * How a job with a live camera restarts after a failure (a broker away, a TaskManager lost): for as long as it
     * takes, the delay doubling from {@code delay} up to {@code maxDelay} (10% jitter) and back to {@code delay}
     * once the job has run for ten times {@code maxDelay}. A job over files, which ends, gets a few quick attempts
     * instead (the run and submit commands say how many) and then fails with the cause.
     */
    public record Restarts(Duration delay, Duration maxDelay) {

        public Restarts {
            if (delay.isNegative() || delay.isZero() || maxDelay.compareTo(delay) < 0) {
                throw new IllegalArgumentException("restart delays must be positive and restartDelayMax at least"
                        + " restartDelay; got " + delay + " and " + maxDelay);
            }
        }

        public static Restarts defaults() {
            return new Restarts(Duration.ofSeconds(1), Duration.ofMinutes(1));
        }

        /** The exponential-delay restart strategy of a live job, as Flink configuration keys. */
        public Map<String, String> liveJobOptions() {
            Map<String, String> options = new java.util.LinkedHashMap<>();
            options.put("restart-strategy.type", "exponential-delay");
            options.put("restart-strategy.exponential-delay.initial-backoff", delay.toMillis() + " ms");
            options.put("restart-strategy.exponential-delay.max-backoff", maxDelay.toMillis() + " ms");
            options.put("restart-strategy.exponential-delay.backoff-multiplier", "2.0");
            options.put("restart-strategy.exponential-delay.jitter-factor", "0.1");
            options.put("restart-strategy.exponential-delay.reset-backoff-threshold", maxDelay.toMillis() * 10 + " ms");
            options.put("restart-strategy.exponential-delay.attempts-before-reset-backoff",
                    Integer.toString(Integer.MAX_VALUE));
            return options;
        }
    }

    /** Settings whose state is kept as Flink's defaults (see {@link State#defaults()}), without a diffusion stage. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka, AnomalyConfig anomaly,
            Set<String> anomalyCameras, Grounding grounding) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, anomaly, anomalyCameras,
                grounding, State.defaults(), Diffusion.none());
    }

    /** The diffusion stage: its settings and the cameras it predicts (none: no stage). */
    public record Diffusion(DiffusionConfig config, Set<String> cameras) {

        public Diffusion {
            cameras = Set.copyOf(cameras);
        }

        public static Diffusion none() {
            return new Diffusion(DiffusionConfig.defaults(), Set.of());
        }
    }

    /**
     * Where the job's state lives: the state backend ({@code hashmap}: on the heap; {@code rocksdb}: on local disk,
     * for state larger than memory) and the folder or URI of its checkpoints, or null for the JobManager's memory
     * (lost with the JobManager). With a folder, checkpoints are kept when the job is cancelled, so it can be
     * resumed from the last one ({@code submit --from-savepoint}), and savepoints go under it too by default.
     */
    public record State(String backend, String checkpointDir) {

        public static State defaults() {
            return new State("hashmap", null);
        }

        /** As Flink configuration keys. */
        public Map<String, String> flinkOptions() {
            Map<String, String> options = new java.util.LinkedHashMap<>();
            options.put("state.backend.type", backend);
            if (checkpointDir != null) {
                options.put("execution.checkpointing.dir", checkpointDir);
                options.put("execution.checkpointing.savepoint-dir", checkpointDir + "/savepoints");
                options.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
            }
            return options;
        }
    }

    /** Settings without a grounding stage. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka, AnomalyConfig anomaly,
            Set<String> anomalyCameras) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, anomaly, anomalyCameras,
                Grounding.none());
    }

    /**
     * The grounding stage: its settings, the cameras it reads (none: no stage), the control topic and the queries
     * the configuration adds when the job starts.
     */
    public record Grounding(GroundingConfig config, Set<String> cameras, String queryTopic,
            List<QueryCommand> initialQueries) {

        public static Grounding none() {
            return new Grounding(GroundingConfig.defaults(), Set.of(), EventTopics.DEFAULT_QUERY_TOPIC, List.of());
        }

        public boolean enabled() {
            return !cameras.isEmpty();
        }
    }

    /** Settings without an anomaly stage. */
    public JobSettings(String name, int parallelism, Duration checkpointInterval, Duration sourceIdleness,
            List<CameraSpec> cameras, MotionConfig motion, Kafka kafka) {
        this(name, parallelism, checkpointInterval, sourceIdleness, cameras, motion, kafka, AnomalyConfig.defaults(),
                Set.of());
    }

    /**
     * Where events go; {@code bootstrapServers} is null for the embedded broker. {@code properties} are any Kafka
     * client settings (SASL, SSL, ...) for every client of the job and of the commands, secret references kept.
     */
    public record Kafka(String bootstrapServers, DeliveryGuarantee guarantee, Duration transactionTimeout,
            EventTopics topics, Map<String, String> properties, String cameraTopic) {

        public Kafka(String bootstrapServers, DeliveryGuarantee guarantee, Duration transactionTimeout,
                EventTopics topics, Map<String, String> properties) {
            this(bootstrapServers, guarantee, transactionTimeout, topics, properties, null);
        }

        public Kafka(String bootstrapServers, DeliveryGuarantee guarantee, Duration transactionTimeout,
                EventTopics topics) {
            this(bootstrapServers, guarantee, transactionTimeout, topics, Map.of());
        }

        public boolean embedded() {
            return bootstrapServers == null;
        }

        /** The properties of a Kafka client of the broker at {@code servers} (this one's, or the embedded one's). */
        public Properties client(String servers) {
            return KafkaClientProperties.of(servers, embedded() ? Map.of() : properties);
        }
    }

    /** The stages the camera job runs, and for which cameras. */
    public CameraStages stages() {
        return CameraStages.motionOnly(motion)
                .withAnomaly(anomaly, anomalyCameras)
                .withGrounding(grounding.config(), grounding.cameras())
                .withDiffusion(diffusion.config(), diffusion.cameras())
                .withObjects(objects)
                .withClips(clips);
    }

    /** Stable across restarts of this job, distinct from other jobs': {@code sparsight-<name>}. */
    public String transactionalIdPrefix() {
        return "sparsight-" + name;
    }

    /** The control topic of this job's cameras: kafka.topics.cameras, else {@code sparsight.<job name>.cameras}. */
    public String cameraTopic() {
        return kafka.cameraTopic() != null ? kafka.cameraTopic() : defaultCameraTopic(name);
    }

    public static String defaultCameraTopic(String jobName) {
        return "sparsight." + jobName + ".cameras";
    }

    public boolean allCamerasEnd() {
        return cameras.stream().noneMatch(c -> c.kind().isLive());
    }
}
