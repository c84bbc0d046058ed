package io.sparsight.operators.motion;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanEvents;

/** Makes the {@code io.sparsight.motion} event of a closed motion span (schema in docs/events.md). */
public final class MotionEvents {

    private MotionEvents() {}

    /**
     * The event for a span. Its id is derived from the camera, the stream run and the span start, so the same span
     * replayed after a failure has the same id.
     */
    public static EventRecord of(String camera, long streamStartMs, Span span) {
        return SpanEvents.of(EventTypes.MOTION, camera, streamStartMs, span, null);
    }
}
