package io.sparsight.operators.clips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;

import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The footage an event is about, read from its data: its start and end (wall clock), the moment its snapshot shows
 * (the span's peak, an object's best detection, a zone crossing; the middle of a moment) and the boxes drawn on that
 * snapshot (an object event's best box, a zone event's box, an anomaly's most unusual object).
 */
public record ClipSpan(long startMs, long endMs, long peakMs, List<Box> boxes) implements Serializable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A box to draw, in the camera's analysis pixels, with its label (class and track). */
    public record Box(double x1, double y1, double x2, double y2, String label) implements Serializable {}

    /** The span of {@code event}; throws IllegalArgumentException when its data has no times. */
    public static ClipSpan of(EventRecord event) {
        JsonNode data;
        try {
            data = MAPPER.readTree(event.dataJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("event " + event.id + " has unreadable data: " + e.getMessage(), e);
        }
        List<Box> boxes = new ArrayList<>();
        switch (event.type) {
            case EventTypes.OBJECT -> {
                box(data.path("bestBox"), label(data), boxes);
                return new ClipSpan(time(data, "start"), time(data, "end"), time(data, "bestTime"), boxes);
            }
            case EventTypes.ZONE -> {
                box(data.path("box"), label(data), boxes);
                long at = time(data, "time");
                return new ClipSpan(at, at, at, boxes);
            }
            case EventTypes.MOMENT -> {
                long start = time(data, "start");
                long end = time(data, "end");
                return new ClipSpan(start, end, start + (end - start) / 2, boxes);
            }
            default -> {
                JsonNode object = data.path("object");
                if (object.isObject()) {
                    box(object.path("box"), label(object), boxes);
                }
                long start = time(data, "start");
                long end = time(data, "end");
                long peak = data.hasNonNull("peak") ? time(data, "peak") : start + (end - start) / 2;
                return new ClipSpan(start, end, peak, boxes);
            }
        }
    }

    /** The footage a clip of this span covers: from {@code preRollMs} before its start. */
    public long clipStartMs(long preRollMs) {
        return startMs - preRollMs;
    }

    /** ... to {@code postRollMs} after its end. */
    public long clipEndMs(long postRollMs) {
        return endMs + postRollMs;
    }

    private static long time(JsonNode data, String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("event data has no " + field + " time");
        }
        return Instant.parse(value.asText()).toEpochMilli();
    }

    private static String label(JsonNode data) {
        String label = data.path("class").asText("");
        return data.has("track") ? label + " #" + data.get("track").asInt() : label;
    }

    private static void box(JsonNode box, String label, List<Box> boxes) {
        if (box.isArray() && box.size() == 4) {
            boxes.add(new Box(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                    box.get(3).asDouble(), label));
        }
    }
}
