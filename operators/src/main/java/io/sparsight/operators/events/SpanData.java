package io.sparsight.operators.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code data} of {@code io.sparsight.motion}, {@code io.sparsight.anomaly} and {@code io.sparsight.prediction}
 * events (docs/schemas): the span's camera, start and end (UTC and offsets in the stream), its length, peak and mean
 * score and when the peak was, frames, the model that scored it (not motion), for predictions the camera's normal PSNR of a prediction
 * when the span opened and the lowest PSNR in the span, and for anomalies fused with the objects' score the most
 * unusual object of the span's peak frame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpanData(String camera, String start, String end, long startOffsetMs, long endOffsetMs, long durationMs,
        double peakScore, String peak, double meanScore, int frames, String model, Double normalPsnrDb,
        Double lowestPsnrDb, SpanObject object) {}
