package io.sparsight.pipelines.config;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.source.CameraSpec;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.time.Duration;
import java.util.List;

/** A checked configuration, in the types the job is built from. */
public record JobSettings(
        String name,
        int parallelism,
        Duration checkpointInterval,
        Duration sourceIdleness,
        List<CameraSpec> cameras,
        MotionConfig motion,
        Kafka kafka) {

    /** Where events go; {@code bootstrapServers} is null for the embedded broker. */
    public record Kafka(
            String bootstrapServers, DeliveryGuarantee guarantee, Duration transactionTimeout, EventTopics topics) {

        public boolean embedded() {
            return bootstrapServers == null;
        }
    }

    /** Stable across restarts of this job, distinct from other jobs': {@code sparsight-<name>}. */
    public String transactionalIdPrefix() {
        return "sparsight-" + name;
    }

    public boolean allCamerasEnd() {
        return cameras.stream().noneMatch(c -> c.kind().isLive());
    }
}
