package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** Prints span events as a readable table: time range in the stream, camera, type, score. */
final class EventTable {

    private static final String ROW = "  %-21s %8s  %-16s %-20s %7s %7s %6s%n";

    private EventTable() {}

    static void print(List<EventRecord> events, PrintStream out) {
        out.printf(ROW, "TIME IN STREAM", "LENGTH", "CAMERA", "TYPE", "PEAK", "MEAN", "FRAMES");
        if (events.isEmpty()) {
            out.println("  (no events)");
            return;
        }
        events.stream()
                .sorted(Comparator.comparing((EventRecord e) -> e.camera)
                        .thenComparingLong(e -> CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong()))
                .forEach(e -> {
                    JsonNode d = CloudEventJson.parse(e.dataJson);
                    long start = d.path("startOffsetMs").asLong();
                    long end = d.path("endOffsetMs").asLong();
                    out.printf(ROW,
                            clock(start) + " - " + clock(end),
                            String.format("%.1f s", (end - start) / 1000.0),
                            e.camera,
                            e.type,
                            String.format("%.4f", d.path("peakScore").asDouble()),
                            String.format("%.4f", d.path("meanScore").asDouble()),
                            d.path("frames").asText());
                });
    }

    /** mm:ss.S */
    static String clock(long offsetMs) {
        long minutes = offsetMs / 60_000;
        double seconds = (offsetMs % 60_000) / 1000.0;
        return String.format("%02d:%04.1f", minutes, seconds);
    }
}
