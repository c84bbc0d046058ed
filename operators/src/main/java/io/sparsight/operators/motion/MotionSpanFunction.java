package io.sparsight.operators.motion;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.IdleTimers;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanState;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.metrics.CameraSpanMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per camera (keyed by camera id): scores the motion between consecutive sampled frames and emits one
 * {@code io.sparsight.motion} event per span of motion. The previous frame, the open span and its timer live in
 * keyed state, so they are checkpointed with the job. An event-time timer closes a span when the camera goes
 * quiet, and at the end of a bounded input.
 */
public class MotionSpanFunction extends KeyedProcessFunction<String, VideoFrame, EventRecord> {

    private static final long serialVersionUID = 1L;

    private final MotionConfig config;
    private transient SpanTracker tracker;
    private transient MotionScorer scorer;
    /**
     * Frames closer than this to the reference frame are not compared: the thresholds are about changes over about
     * 0.2 s, so a camera sampled at 10 or 25 fps is compared every 2nd or 5th frame (the motion of one tenth of a
     * second would stay below them). Frames further apart are compared as they come.
     */
    static final long MIN_COMPARE_GAP_MS = 180;

    private transient ValueState<byte[]> previousPixels;
    private transient ValueState<Long> previousOffset;
    private transient ValueState<SpanState> openSpan;
    private transient IdleTimers idleTimers;
    private transient ValueState<Long> streamStart;
    private transient ValueState<Long> streamId;
    private transient CameraSpanMetrics metrics;
    /** Arrival of the frame being processed, 0 in a timer: for the event latency metric. */
    private transient long arrivalMs;

    public MotionSpanFunction(MotionConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        tracker = config.tracker();
        scorer = new MotionScorer(config.pixelThreshold());
        previousPixels = getRuntimeContext().getState(
                new ValueStateDescriptor<>("previous-pixels", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        openSpan = getRuntimeContext().getState(new ValueStateDescriptor<>("open-span", SpanState.class));
        idleTimers = new IdleTimers(getRuntimeContext(), "idle-timer");
        previousOffset = getRuntimeContext().getState(new ValueStateDescriptor<>("previous-offset", Types.LONG));
        streamStart = getRuntimeContext().getState(new ValueStateDescriptor<>("stream-start", Types.LONG));
        streamId = getRuntimeContext().getState(new ValueStateDescriptor<>("stream-id", Types.LONG));
        metrics = new CameraSpanMetrics(getRuntimeContext().getMetricGroup(), "motionScore");
    }

    @Override
    public void processElement(VideoFrame frame, Context ctx, Collector<EventRecord> out) throws Exception {
        arrivalMs = frame.arrivalMs;
        byte[] previous = previousPixels.value();
        Long previousAt = previousOffset.value();
        Long knownStart = streamStart.value();
        boolean sameStream = knownStart != null && knownStart == frame.streamStartMs;
        if (!sameStream) {
            streamStart.update(frame.streamStartMs);
        }
        streamId.update(frame.streamId);
        idleTimers.rearm(ctx.timerService(), frame.captureTimeMs, frame.live, config.idleCloseMs());
        if (previous != null && previousAt != null && sameStream && frame.streamOffsetMs >= previousAt
                && frame.streamOffsetMs - previousAt < MIN_COMPARE_GAP_MS) {
            return;
        }
        previousPixels.update(frame.pixels);
        previousOffset.update(frame.streamOffsetMs);
        if (previous == null || previous.length != frame.pixels.length) {
            return;
        }
        double score = scorer.score(previous, frame.pixels, frame.width, frame.height, frame.channels);
        metrics.score(frame.cameraId, score);
        SpanState state = openSpan.value();
        if (state == null) {
            state = new SpanState();
        }
        Span closed = tracker.update(state, score, frame.streamOffsetMs, frame.captureTimeMs);
        openSpan.update(state);
        metrics.open(frame.cameraId, state.open);
        emit(ctx.getCurrentKey(), closed, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        if (!idleTimers.fired(ctx.timerService(), ctx.timeDomain(), timestamp)) {
            return;
        }
        arrivalMs = 0;
        SpanState state = openSpan.value();
        if (state != null) {
            Span closed = tracker.flush(state);
            openSpan.update(state);
            metrics.open(ctx.getCurrentKey(), state.open);
            emit(ctx.getCurrentKey(), closed, out);
        }
        // A quiet camera's next frame is compared with a fresh reference, not one from before the gap.
        previousPixels.clear();
        previousOffset.clear();
    }

    private void emit(String camera, Span closed, Collector<EventRecord> out) throws Exception {
        if (closed != null) {
            EventRecord event = MotionEvents.of(camera, streamId.value(), closed);
            event.arrivalMs = arrivalMs;
            out.collect(event);
        }
    }

    @Override
    public void close() {
        if (scorer != null) {
            scorer.close();
        }
    }
}
