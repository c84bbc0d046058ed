package io.sparsight.operators.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Dead letters ({@code io.sparsight.rejected}): a control message that was refused, where it was, and why. */
public final class RejectedEvents {

    /** The start of a refused message kept in its dead letter. */
    static final int MAX_KEPT = 2000;

    private RejectedEvents() {}

    /**
     * The dead letter of the message at {@code topic}/{@code partition}@{@code offset}; its id is derived from where
     * the message was, so a replay of the topic repeats the same event. Its subject is the control topic.
     */
    public static EventRecord of(String topic, int partition, long offset, long timeMs, String text, String reason) {
        String kept = text == null ? "" : text.length() > MAX_KEPT ? text.substring(0, MAX_KEPT) : text;
        RejectedData data = new RejectedData(topic, partition, offset, kept, reason);
        String id = UUID.nameUUIDFromBytes((topic + "|" + partition + "|" + offset).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new EventRecord(id, EventTypes.REJECTED, topic, timeMs, CloudEventJson.write(data));
    }
}
