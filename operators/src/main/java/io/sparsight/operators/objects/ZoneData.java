package io.sparsight.operators.objects;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code data} of an {@code io.sparsight.zone} event (docs/schemas): a track of a watched class entered a zone,
 * left it, or has stayed in it for the zone's loiter time. {@code dwellMs} is how long it has been in the zone (0 on
 * entering); the box is the track's at that moment, in the camera's analysis pixels.
 */
public record ZoneData(String camera, String zone, String action, int track,
        @JsonProperty("class") String objectClass, String time,
        long offsetMs, long dwellMs, List<Double> box, int frameWidth, int frameHeight) {}
