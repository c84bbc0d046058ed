package io.sparsight.operators.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code data} of {@code io.sparsight.motion} and {@code io.sparsight.anomaly} events (docs/schemas): the span's
 * camera, start and end (UTC and offsets in the stream), its length, peak and mean score, frames, and the model that
 * scored it (anomaly only).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpanData(String camera, String start, String end, long startOffsetMs, long endOffsetMs, long durationMs,
        double peakScore, double meanScore, int frames, String model) {}
