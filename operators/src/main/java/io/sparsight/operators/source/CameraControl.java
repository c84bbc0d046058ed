package io.sparsight.operators.source;

import io.sparsight.operators.events.EventTopics;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a running job's camera changes come from: a one-partition Kafka topic of {@link CameraChange} messages, read
 * by the source's enumerator from the beginning (a new job replays every change on top of its configured cameras; a
 * restored job goes on from the offset in its checkpoint).
 *
 * @param kafkaClient Kafka client properties, {@code bootstrap.servers} included (secret references unresolved)
 * @param topic the control topic
 * @param parser reads a message
 * @param job the job's name (the {@code source} of the dead letters of refused messages)
 * @param topics where the dead letters go (the {@code io.sparsight.rejected} topic)
 */
public record CameraControl(Map<String, String> kafkaClient, String topic, CameraChangeParser parser, String job,
        EventTopics topics) implements Serializable {

    public CameraControl {
        kafkaClient = new TreeMap<>(kafkaClient);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(topics, "topics");
        if (!kafkaClient.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("the camera control topic needs bootstrap.servers");
        }
    }
}
