package io.sparsight.operators.grounding;

/** One record of the control topic, with where it came from (its dead letter names it). A Flink POJO. */
public class ControlMessage {

    public String topic;
    public int partition;
    public long offset;
    public long timestampMs;
    /** The record's value as UTF-8 text (null when it had none). */
    public String text;

    public ControlMessage() {}

    public ControlMessage(String topic, int partition, long offset, long timestampMs, String text) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestampMs = timestampMs;
        this.text = text;
    }
}
