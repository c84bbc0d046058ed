package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** Prints events as a readable table: time range in the stream, camera, type, score or state. */
final class EventTable {

    /** An event with its data parsed once. */
    private record Row(EventRecord event, JsonNode data) {
        long startOffset() {
            return data.has("startOffsetMs") ? data.path("startOffsetMs").asLong() : data.path("streamOffsetMs").asLong();
        }
    }

    private EventTable() {}

    /** All of {@code events} at once, sorted by camera and time in the stream. */
    static void print(List<EventRecord> events, PrintStream out) {
        String format = format(events.stream().mapToInt(e -> e.camera.length()).max().orElse(6));
        printHeader(format, out);
        if (events.isEmpty()) {
            out.println("  (no events)");
            return;
        }
        events.stream()
                .map(e -> new Row(e, CloudEventJson.parse(e.dataJson)))
                .sorted(Comparator.comparing((Row r) -> r.event().camera)
                        .thenComparingLong(Row::startOffset)
                        .thenComparingLong(r -> r.event().timeMs))
                .forEach(r -> printRow(r, format, out));
    }

    /** The row format for camera ids up to {@code cameraWidth} characters (longer ones push the columns right). */
    static String format(int cameraWidth) {
        return "  %-21s %8s  %-" + Math.max(6, cameraWidth) + "s %-26s %s%n";
    }

    static void printHeader(String format, PrintStream out) {
        out.printf(format, "TIME IN STREAM", "LENGTH", "CAMERA", "TYPE", "DETAILS");
    }

    /** One event as it arrives ({@code events tail}). */
    static void printRow(EventRecord event, String format, PrintStream out) {
        printRow(new Row(event, CloudEventJson.parse(event.dataJson)), format, out);
    }

    private static void printRow(Row row, String format, PrintStream out) {
        EventRecord e = row.event();
        JsonNode d = row.data();
        if (EventTypes.CAMERA_STATUS.equals(e.type)) {
            out.printf(format, clock(d.path("streamOffsetMs").asLong()), "", e.camera, e.type,
                    d.path("state").asText() + ": " + d.path("reason").asText());
            return;
        }
        if (EventTypes.REJECTED.equals(e.type)) {
            out.printf(format, "", "", e.camera, e.type, String.format("message at offset %d refused: %s",
                    d.path("offset").asLong(), d.path("reason").asText()));
            return;
        }
        if (EventTypes.ZONE.equals(e.type)) {
            out.printf(format, clock(d.path("offsetMs").asLong()), "", e.camera, e.type, String.format(
                    "%s #%d %s %s%s", d.path("class").asText(), d.path("track").asInt(), d.path("action").asText(),
                    d.path("zone").asText(), d.path("dwellMs").asLong() > 0
                            ? String.format(" after %.1f s", d.path("dwellMs").asLong() / 1000.0) : ""));
            return;
        }
        long start = d.path("startOffsetMs").asLong();
        long end = d.path("endOffsetMs").asLong();
        String details = EventTypes.OBJECT.equals(e.type)
                ? String.format("%s #%d, best %.2f at %s, %d detection(s)%s", d.path("class").asText(),
                        d.path("track").asInt(), d.path("bestScore").asDouble(), d.path("bestBox").toString(),
                        d.path("detections").asInt(), d.path("zones").isEmpty() ? ""
                                : ", zones " + zoneNames(d.path("zones")))
                : EventTypes.REPAIR.equals(e.type)
                ? String.format("%d lost frame(s) filled (synthetic, every %d ms), model %s", d.path("frames").asInt(),
                        d.path("intervalMs").asLong(), d.path("model").asText())
                : EventTypes.MOMENT.equals(e.type)
                ? String.format("\"%s\" (query %s), score %.2f, %d window(s), model %s", d.path("text").asText(),
                        d.path("queryId").asText(), d.path("score").asDouble(), d.path("windows").asInt(),
                        d.path("model").asText())
                : String.format("peak %.4f, mean %.4f, %s frames%s",
                        d.path("peakScore").asDouble(), d.path("meanScore").asDouble(), d.path("frames").asText(),
                        d.has("model") ? ", model " + d.path("model").asText() : "");
        out.printf(format,
                clock(start) + " - " + clock(end),
                String.format("%.1f s", (end - start) / 1000.0),
                e.camera,
                e.type,
                details);
    }

    private static String zoneNames(JsonNode zones) {
        StringBuilder names = new StringBuilder();
        zones.forEach(z -> names.append(names.isEmpty() ? "" : " ").append(z.asText()));
        return names.toString();
    }

    /** mm:ss.S */
    static String clock(long offsetMs) {
        long minutes = offsetMs / 60_000;
        double seconds = (offsetMs % 60_000) / 1000.0;
        return String.format("%02d:%04.1f", minutes, seconds);
    }
}
