package io.sparsight.operators.grounding;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Makes the {@code io.sparsight.moment} event of a closed moment (schema in docs/events.md). */
public final class MomentEvents {

    private MomentEvents() {}

    /**
     * The id is derived from camera, what the stream is ({@code streamId}), query and moment start: the same moment
     * replayed, or found again by another run over the same file, has the same id.
     */
    public static EventRecord of(String camera, long streamStartMs, long streamId, String queryId, OpenMoment moment,
            String model) {
        MomentData data = new MomentData(camera, queryId, moment.text,
                Instant.ofEpochMilli(streamStartMs + moment.startOffsetMs).toString(),
                Instant.ofEpochMilli(streamStartMs + moment.endOffsetMs).toString(), moment.startOffsetMs,
                moment.endOffsetMs, moment.endOffsetMs - moment.startOffsetMs,
                Math.round(moment.peakScore * 10_000) / 10_000.0, moment.windows, model);
        String id = UUID.nameUUIDFromBytes((camera + "|" + streamId + "|" + EventTypes.MOMENT + "|" + queryId + "|"
                + moment.startOffsetMs).getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, EventTypes.MOMENT, camera, streamStartMs + moment.endOffsetMs,
                CloudEventJson.write(data));
    }
}
