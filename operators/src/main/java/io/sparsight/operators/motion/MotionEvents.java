package io.sparsight.operators.motion;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.Span;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Makes the {@code io.sparsight.motion} event of a closed motion span (schema in docs/events.md). */
public final class MotionEvents {

    private MotionEvents() {}

    /**
     * The event for a span. Its id is derived from the camera, the stream run and the span start, so the same span
     * replayed after a failure has the same id.
     */
    public static EventRecord of(String camera, long streamStartMs, Span span) {
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
        String id = UUID.nameUUIDFromBytes((camera + "|" + streamStartMs + "|" + EventTypes.MOTION + "|"
                + span.startOffsetMs()).getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, EventTypes.MOTION, camera, span.endTimeMs(), CloudEventJson.write(data));
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
