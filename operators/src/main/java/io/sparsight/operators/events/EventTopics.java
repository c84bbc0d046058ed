package io.sparsight.operators.events;

import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Which Kafka topic each event type goes to. Defaults follow DESIGN.md; every name can be changed in config. */
public final class EventTopics implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_MOTION_TOPIC = "sparsight.motion";
    public static final String DEFAULT_CAMERA_STATUS_TOPIC = "sparsight.camera-status";
    public static final String DEFAULT_ANOMALY_TOPIC = "sparsight.anomalies";
    public static final String DEFAULT_MOMENT_TOPIC = "sparsight.moments";
    public static final String DEFAULT_PREDICTION_TOPIC = "sparsight.predictions";
    public static final String DEFAULT_REPAIR_TOPIC = "sparsight.repairs";
    /** Object tracks and zone changes: both {@code io.sparsight.object} and {@code io.sparsight.zone}. */
    public static final String DEFAULT_OBJECT_TOPIC = "sparsight.objects";
    public static final String DEFAULT_REJECTED_TOPIC = "sparsight.rejected";
    /** Not an event topic: where standing queries are added and removed (read by the job). */
    public static final String DEFAULT_QUERY_TOPIC = "sparsight.queries";
    /**
     * Partitions of an event topic that Sparsight creates (the local broker, {@code run} with the embedded one).
     * Events are keyed by camera, so one camera's events stay in order in one partition, and up to this many
     * consumers of a group share a topic. A control topic gets {@link #CONTROL_PARTITIONS}.
     */
    public static final int DEFAULT_PARTITIONS = 6;
    /** A control topic (standing queries) has one partition: every job reads all of it, in the order it was sent. */
    public static final int CONTROL_PARTITIONS = 1;

    private final TreeMap<String, String> topicByType;

    private EventTopics(Map<String, String> topicByType) {
        this.topicByType = new TreeMap<>(topicByType);
    }

    public static EventTopics defaults() {
        return new EventTopics(Map.of(
                EventTypes.MOTION, DEFAULT_MOTION_TOPIC,
                EventTypes.CAMERA_STATUS, DEFAULT_CAMERA_STATUS_TOPIC,
                EventTypes.ANOMALY, DEFAULT_ANOMALY_TOPIC,
                EventTypes.MOMENT, DEFAULT_MOMENT_TOPIC,
                EventTypes.PREDICTION, DEFAULT_PREDICTION_TOPIC,
                EventTypes.REPAIR, DEFAULT_REPAIR_TOPIC,
                EventTypes.OBJECT, DEFAULT_OBJECT_TOPIC,
                EventTypes.ZONE, DEFAULT_OBJECT_TOPIC,
                EventTypes.REJECTED, DEFAULT_REJECTED_TOPIC));
    }

    /** A copy that sends events of {@code type} to {@code topic}. */
    public EventTopics with(String type, String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic for event type " + type + " must not be empty");
        }
        TreeMap<String, String> copy = new TreeMap<>(topicByType);
        copy.put(type, topic);
        return new EventTopics(copy);
    }

    public String topicFor(String type) {
        String topic = topicByType.get(type);
        if (topic == null) {
            throw new IllegalArgumentException("no topic configured for event type '" + type + "'; known types: "
                    + topicByType.keySet());
        }
        return topic;
    }

    /** Every topic events may go to, e.g. to create them up front. */
    public Collection<String> allTopics() {
        return new TreeSet<>(topicByType.values());
    }
}
