package io.sparsight.operators.anomaly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.Span;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Makes the {@code io.sparsight.anomaly} event of a closed anomaly span (schema in docs/events.md). */
public final class AnomalyEvents {

    private AnomalyEvents() {}

    /** The event for a span; the id is derived from camera, stream run and span start (same span, same id). */
    public static EventRecord of(String camera, long streamStartMs, String model, Span span) {
        ObjectNode data = CloudEventJson.newData();
        data.put("camera", camera);
        data.put("start", Instant.ofEpochMilli(span.startTimeMs()).toString());
        data.put("end", Instant.ofEpochMilli(span.endTimeMs()).toString());
        data.put("startOffsetMs", span.startOffsetMs());
        data.put("endOffsetMs", span.endOffsetMs());
        data.put("durationMs", span.durationMs());
        data.put("peakScore", round4(span.peakScore()));
        data.put("meanScore", round4(span.meanScore()));
        data.put("frames", span.frames());
        data.put("model", model);
        String id = UUID.nameUUIDFromBytes((camera + "|" + streamStartMs + "|" + EventTypes.ANOMALY + "|"
                + span.startOffsetMs()).getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, EventTypes.ANOMALY, camera, span.endTimeMs(), CloudEventJson.write(data));
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
