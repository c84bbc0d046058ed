package io.sparsight.operators.events;

/**
 * The {@code data} of {@code io.sparsight.rejected} events (docs/schemas): where a refused control message was, the
 * start of its text, its length and SHA-256 (so a message too long to quote can still be found), and why it was
 * refused.
 */
public record RejectedData(String topic, int partition, long offset, String message, int messageBytes,
        String messageSha256, String reason) {}
