package io.sparsight.operators.clips;

import io.sparsight.operators.events.EventRecord;

/** An event waiting for its clip (its post-roll, or the writer), kept in keyed state. A Flink POJO. */
public class PendingClip {

    public EventRecord event;
    /** Wall-clock time the event reached the clip stage, epoch ms. */
    public long arrivedMs;

    public PendingClip() {}

    public PendingClip(EventRecord event, long arrivedMs) {
        this.event = event;
        this.arrivedMs = arrivedMs;
    }
}
