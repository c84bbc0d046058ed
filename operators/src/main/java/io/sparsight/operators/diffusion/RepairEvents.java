package io.sparsight.operators.diffusion;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.frames.VideoFrame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code io.sparsight.repair} event of one filled gap. */
public final class RepairEvents {

    private RepairEvents() {}

    /**
     * The event for the frames {@code filled} made at {@code intervalMs} between the real frames at
     * {@code lastRealOffsetMs} and {@code nextRealOffsetMs}; {@code arrivalMs} is when the frame that completed the
     * repair arrived. Its id comes from the camera, what the stream is and the first filled offset, so a repair replayed
     * after a failure has the same id.
     */
    public static EventRecord of(List<VideoFrame> filled, long intervalMs, long lastRealOffsetMs, long nextRealOffsetMs,
            long arrivalMs, String model) {
        VideoFrame first = filled.get(0);
        VideoFrame last = filled.get(filled.size() - 1);
        RepairData data = new RepairData(first.cameraId, Instant.ofEpochMilli(first.captureTimeMs).toString(),
                Instant.ofEpochMilli(last.captureTimeMs).toString(), first.streamOffsetMs, last.streamOffsetMs,
                filled.size(), intervalMs, lastRealOffsetMs, nextRealOffsetMs, model);
        String id = UUID.nameUUIDFromBytes((first.cameraId + "|" + first.streamId + "|" + EventTypes.REPAIR + "|"
                + first.streamOffsetMs).getBytes(StandardCharsets.UTF_8)).toString();
        EventRecord event = new EventRecord(id, EventTypes.REPAIR, first.cameraId, last.captureTimeMs,
                CloudEventJson.write(data));
        event.arrivalMs = arrivalMs;
        return event;
    }
}
