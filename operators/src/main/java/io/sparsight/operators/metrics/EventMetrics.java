package io.sparsight.operators.metrics;

import io.sparsight.operators.events.EventRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;

import java.util.HashMap;
import java.util.Map;

/**
 * The last step before the sink: counts the events per camera and type, and measures each event's latency from
 * the arrival of the frame that closed it ({@link EventRecord#arrivalMs}) to its hand-over to the sink. Events
 * closed by a timer (a camera that went quiet) or made without a frame (status changes) have no arrival time and
 * only count.
 */
public final class EventMetrics extends RichMapFunction<EventRecord, EventRecord> {

    private static final long serialVersionUID = 1L;

    private transient Map<String, Counter> counters;
    private transient Histogram latency;

    @Override
    public void open(OpenContext openContext) {
        counters = new HashMap<>();
        latency = getRuntimeContext().getMetricGroup().histogram(SparsightMetrics.EVENT_LATENCY_MS,
                SparsightMetrics.histogram());
    }

    @Override
    public EventRecord map(EventRecord event) {
        counters.computeIfAbsent(event.camera + "\n" + event.type, k -> getRuntimeContext().getMetricGroup()
                .addGroup(SparsightMetrics.CAMERA, event.camera).addGroup(SparsightMetrics.TYPE, event.type)
                .counter(SparsightMetrics.EVENTS)).inc();
        if (event.arrivalMs > 0) {
            latency.update(Math.max(0, System.currentTimeMillis() - event.arrivalMs));
        }
        return event;
    }
}
