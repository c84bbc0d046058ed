package io.sparsight.operators.motion;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanEvents;

/** Makes the {@code io.sparsight.motion} event of a closed motion span (schema in docs/events.md). */
public final class MotionEvents {

    private MotionEvents() {}

    /**
     * The event for a span. Its id is derived from the camera, what the stream is and the span start (as
     * {@link SpanEvents#of(String, String, long, Span, String)} says).
     */
    public static EventRecord of(String camera, long streamId, Span span) {
        return SpanEvents.of(EventTypes.MOTION, camera, streamId, span, null);
    }
}
