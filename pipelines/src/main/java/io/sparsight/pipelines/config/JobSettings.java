package io.sparsight.pipelines.config;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.motion.MotionConfig;
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
        Grounding grounding) {

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
            EventTopics topics, Map<String, String> properties) {

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
                .withGrounding(grounding.config(), grounding.cameras());
    }

    /** Stable across restarts of this job, distinct from other jobs': {@code sparsight-<name>}. */
    public String transactionalIdPrefix() {
        return "sparsight-" + name;
    }

    public boolean allCamerasEnd() {
        return cameras.stream().noneMatch(c -> c.kind().isLive());
    }
}
