package io.sparsight.operators.events;

/**
 * The {@code data} of {@code io.sparsight.rejected} events (docs/schemas): where a refused control message was, the
 * start of its text, and why it was refused.
 */
public record RejectedData(String topic, int partition, long offset, String message, String reason) {}
