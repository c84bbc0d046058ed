package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.LiveScoreState;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanEvents;
import io.sparsight.operators.events.SpanState;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.operators.metrics.CameraSpanMetrics;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;


/**
 * Per camera (keyed by camera id): turns frame PSNRs into anomaly scores in [0, 1] with a {@link LiveScorer} (the
 * camera's normal PSNR, starting from the model's baseline) and scores into {@code io.sparsight.anomaly} events with
 * hysteresis ({@link SpanTracker}). Scorer and span state are keyed state. The score is a metric per camera
 * ({@code camera.<id>.anomalyScore}). A span still open when the camera sends nothing for {@code idleCloseMs} of
 * event time (or its input ends) is closed then.
 */
public class AnomalySpanFunction extends KeyedProcessFunction<String, FrameScore, EventRecord> {

    private static final long serialVersionUID = 1L;

    private final AnomalyConfig config;
    private transient LiveScorer scorer;
    private transient SpanTracker tracker;
    private transient ValueState<LiveScoreState> scoreState;
    private transient ValueState<SpanState> openSpan;
    private transient ValueState<String> spanModel;
    private transient ValueState<Long> streamStart;
    private transient ValueState<Long> idleTimer;
    private transient CameraSpanMetrics metrics;
    /** Arrival of the frame being processed, 0 in a timer: for the event latency metric. */
    private transient long arrivalMs;

    public AnomalySpanFunction(AnomalyConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = LiveScorer.defaults();
        tracker = config.tracker();
        scoreState = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-score", LiveScoreState.class));
        openSpan = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-span", SpanState.class));
        spanModel = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-model", Types.STRING));
        streamStart = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-stream-start", Types.LONG));
        idleTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("anomaly-idle-timer", Types.LONG));
        metrics = new CameraSpanMetrics(getRuntimeContext().getMetricGroup(), SparsightMetrics.ANOMALY_SCORE);
    }

    @Override
    public void processElement(FrameScore frame, Context ctx, Collector<EventRecord> out) throws Exception {
        LiveScoreState state = scoreState.value();
        if (state == null) {
            state = new LiveScoreState();
        }
        double score = scorer.update(state, frame.framePsnr, new NormalBaseline(frame.normalPsnrMean, frame.normalPsnrStd,
                frame.normalAlarmGapDb));
        scoreState.update(state);
        metrics.score(frame.cameraId, score);
        arrivalMs = frame.arrivalMs;

        Long knownStart = streamStart.value();
        if (knownStart == null || knownStart != frame.streamStartMs) {
            streamStart.update(frame.streamStartMs);
        }
        spanModel.update(frame.model);
        rearmIdleTimer(ctx, frame.captureTimeMs + config.idleCloseMs());

        SpanState span = openSpan.value();
        if (span == null) {
            span = new SpanState();
        }
        Span closed = tracker.update(span, score, frame.streamOffsetMs, frame.captureTimeMs);
        openSpan.update(span);
        metrics.open(frame.cameraId, span.open);
        emit(ctx.getCurrentKey(), closed, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        idleTimer.clear();
        arrivalMs = 0;
        SpanState span = openSpan.value();
        if (span != null) {
            Span closed = tracker.flush(span);
            openSpan.update(span);
            metrics.open(ctx.getCurrentKey(), span.open);
            emit(ctx.getCurrentKey(), closed, out);
        }
    }

    private void emit(String camera, Span closed, Collector<EventRecord> out) throws Exception {
        if (closed != null) {
            EventRecord event = AnomalyEvents.of(camera, streamStart.value(), spanModel.value(), closed);
            event.arrivalMs = arrivalMs;
            out.collect(event);
        }
    }

    private void rearmIdleTimer(Context ctx, long at) throws Exception {
        SpanEvents.rearmIdleTimer(idleTimer, ctx.timerService(), at);
    }
}
