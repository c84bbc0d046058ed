package io.sparsight.operators.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Dead letters ({@code io.sparsight.rejected}): a control message that was refused, where it was, and why. A dead
 * letter stays small whatever was sent (a few KB at most): the message's start and the reason are cut, and the whole
 * message is named by its length and SHA-256.
 */
public final class RejectedEvents {

    /** The start of a refused message kept in its dead letter, in characters. */
    static final int MAX_KEPT = 1000;
    /** The longest reason a dead letter gives, in characters. */
    static final int MAX_REASON = 500;

    private RejectedEvents() {}

    /**
     * The dead letter of the message at {@code topic}/{@code partition}@{@code offset}; its id is derived from where
     * the message was, so a replay of the topic repeats the same event. Its subject is the control topic.
     */
    public static EventRecord of(String topic, int partition, long offset, long timeMs, String text, String reason) {
        byte[] bytes = (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
        RejectedData data = new RejectedData(topic, partition, offset, cut(text == null ? "" : text, MAX_KEPT),
                bytes.length, sha256(bytes), cut(reason, MAX_REASON));
        String id = UUID.nameUUIDFromBytes((topic + "|" + partition + "|" + offset).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new EventRecord(id, EventTypes.REJECTED, topic, timeMs, CloudEventJson.write(data));
    }

    /** {@code text} when it has at most {@code max} characters, else its start and an ellipsis, {@code max} in all. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never split a character in two
        }
        return text.substring(0, end) + "\u2026";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
