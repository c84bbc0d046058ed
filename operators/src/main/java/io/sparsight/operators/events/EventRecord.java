package io.sparsight.operators.events;

import java.util.Objects;

/**
 * An event on its way to Kafka: the CloudEvents attributes and the event's data as a JSON object text. One type
 * for every kind of event, so one sink serves them all. A Flink POJO.
 */
public class EventRecord {

    /** CloudEvents {@code id}: deterministic, so a replayed event has the same id as the original. */
    public String id;
    /** CloudEvents {@code type}, one of {@link EventTypes}. */
    public String type;
    /** The camera id: CloudEvents {@code source} and the Kafka key. */
    public String camera;
    /** CloudEvents {@code time}: when the event happened, epoch milliseconds. */
    public long timeMs;
    /** The {@code data} member, a JSON object. */
    public String dataJson;
    /**
     * Wall-clock arrival of the frame that closed the event (epoch ms), 0 when none did: only for the latency
     * metric, not part of the event.
     */
    public long arrivalMs;

    public EventRecord() {}

    public EventRecord(String id, String type, String camera, long timeMs, String dataJson) {
        this.id = id;
        this.type = type;
        this.camera = camera;
        this.timeMs = timeMs;
        this.dataJson = dataJson;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EventRecord)) {
            return false;
        }
        EventRecord that = (EventRecord) o;
        return timeMs == that.timeMs
                && Objects.equals(id, that.id)
                && Objects.equals(type, that.type)
                && Objects.equals(camera, that.camera)
                && Objects.equals(dataJson, that.dataJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    @Override
    public String toString() {
        return "EventRecord{" + type + " " + camera + " " + id + " " + dataJson + "}";
    }
}
