package io.sparsight.operators.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code data} of {@code io.sparsight.camera.status} events (docs/schemas). {@code gapMs} (a stall or an
 * outage that ended), {@code jumpMs} (a discontinuity) and {@code attempt} (reconnects) appear only when they apply.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CameraStatusData(String camera, String state, String reason, String at, long streamOffsetMs,
        Long gapMs, Long jumpMs, Integer attempt, long framesDecoded, long droppedFrames) {}
