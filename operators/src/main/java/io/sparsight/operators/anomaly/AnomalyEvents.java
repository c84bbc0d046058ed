package io.sparsight.operators.anomaly;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanEvents;

/** Makes the {@code io.sparsight.anomaly} event of a closed anomaly span (schema in docs/events.md). */
public final class AnomalyEvents {

    private AnomalyEvents() {}

    /** The event for a span; the id is derived from camera, stream run and span start (same span, same id). */
    public static EventRecord of(String camera, long streamStartMs, String model, Span span) {
        return SpanEvents.of(EventTypes.ANOMALY, camera, streamStartMs, span, model);
    }
}
