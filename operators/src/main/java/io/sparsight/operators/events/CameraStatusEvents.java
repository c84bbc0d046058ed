package io.sparsight.operators.events;

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
        boolean jump = CameraStatus.DISCONTINUITY.equals(status.state);
        Long gap = status.gapMs == 0 ? null : status.gapMs;
        CameraStatusData data = new CameraStatusData(status.cameraId, status.state, status.reason,
                Instant.ofEpochMilli(status.timeMs).toString(), status.streamOffsetMs, jump ? null : gap,
                jump ? gap : null, status.attempt > 0 ? status.attempt : null, status.framesDecoded,
                status.droppedFrames);
        String id = UUID.nameUUIDFromBytes((status.cameraId + "|" + status.streamStartMs + "|" + EventTypes.CAMERA_STATUS
                + "|" + status.state + "|" + status.timeMs + "|" + status.framesDecoded + "|" + status.attempt)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, EventTypes.CAMERA_STATUS, status.cameraId, status.timeMs, CloudEventJson.write(data));
    }
}
