package io.sparsight.operators.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The object that made an anomaly span's most abnormal frame unusual (docs/schemas): its COCO class, its track number,
 * its box there in analysis pixels, how unusual it was in [0, 1] and the frame's stream offset.
 */
public record SpanObject(@JsonProperty("class") String className, int track, float[] box, double score,
        long offsetMs) {}
