package io.sparsight.operators.grounding;

/** The {@code data} of {@code io.sparsight.moment} events (docs/schemas): a standing query's moment in a camera. */
public record MomentData(String camera, String queryId, String text, String start, String end, long startOffsetMs,
        long endOffsetMs, long durationMs, double score, int windows, String model) {}
