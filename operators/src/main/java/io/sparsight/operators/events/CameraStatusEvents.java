package io.sparsight.operators.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.frames.CameraStatus;
import org.apache.flink.api.common.functions.MapFunction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Makes the {@code io.sparsight.camera.status} event of a camera status change (schema in docs/events.md). */
public final class CameraStatusEvents implements MapFunction<CameraStatus, EventRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public EventRecord map(CameraStatus status) {
        return of(status);
    }

    public static EventRecord of(CameraStatus status) {
        ObjectNode data = CloudEventJson.newData();
        data.put("camera", status.cameraId);
        data.put("state", status.state);
        data.put("reason", status.reason);
        data.put("at", Instant.ofEpochMilli(status.timeMs).toString());
        data.put("streamOffsetMs", status.streamOffsetMs);
        if (status.gapMs != 0) {
            data.put(CameraStatus.DISCONTINUITY.equals(status.state) ? "jumpMs" : "gapMs", status.gapMs);
        }
        if (status.attempt > 0) {
            data.put("attempt", status.attempt);
        }
        data.put("framesDecoded", status.framesDecoded);
        data.put("droppedFrames", status.droppedFrames);
        String id = UUID.nameUUIDFromBytes((status.cameraId + "|" + status.streamStartMs + "|" + EventTypes.CAMERA_STATUS
                + "|" + status.state + "|" + status.timeMs + "|" + status.framesDecoded + "|" + status.attempt)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, EventTypes.CAMERA_STATUS, status.cameraId, status.timeMs, CloudEventJson.write(data));
    }
}
