package io.sparsight.operators.objects;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code data} of an {@code io.sparsight.object} event (docs/schemas): one track of one camera, sent when it
 * ends. Boxes and path points are in the camera's analysis pixels ({@code frameWidth} x {@code frameHeight}).
 *
 * @param track the camera's track number (from 1)
 * @param bestBox x1, y1, x2, y2 of the best detection
 * @param path points [ms after start, centre x, bottom y], at most {@link Track#MAX_PATH_POINTS}
 */
public record ObjectData(String camera, int track, @JsonProperty("class") String objectClass, String start, String end,
        long startOffsetMs,
        long endOffsetMs, double bestScore, List<Double> bestBox, String bestTime, List<String> zones,
        List<List<Double>> path, int detections, int frameWidth, int frameHeight, String model) {}
