package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.LiveScoreState;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.IdleTimers;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanEvents;
import io.sparsight.operators.events.SpanObject;
import io.sparsight.operators.events.SpanState;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.operators.metrics.CameraSpanMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;


/**
 * Per camera (keyed by camera id): turns the PSNRs of a model's frame predictions into scores in [0, 1] with a
 * {@link LiveScorer} (the camera's normal PSNR, starting from the model's baseline) and scores into span events
 * with hysteresis ({@link SpanTracker}): {@code io.sparsight.anomaly} for the frame predictor,
 * {@code io.sparsight.prediction} for the diffusion model ({@link Rules}). Scorer and span state are keyed state.
 * The score is a metric per camera ({@code camera.<id>.<metric>}). A span still open when the camera sends nothing
 * for {@code idleCloseMs} of event time (or its input ends) is closed then.
 *
 * <p>A score that {@link ObjectFusion} fused with the camera's objects counts as the mean of the two scores (the rule
 * {@code eval anomaly --objects} reports, fixed before any figure was seen), and the span's event names the most
 * unusual object of its highest-scoring frame.
 */
public class PredictionErrorSpanFunction extends KeyedProcessFunction<String, FrameScore, EventRecord> {

    private static final long serialVersionUID = 1L;

    /**
     * What one stage's spans are: the event type they become, the per-camera score metric, the prefix of the keyed
     * state's names (kept per stage so savepoints of both stages stay apart), the span thresholds and the idle close.
     */
    public record Rules(String eventType, String scoreMetric, String statePrefix, SpanTracker tracker, long idleCloseMs,
            boolean reportsPsnr) implements Serializable {}

    private final Rules rules;
    private transient LiveScorer scorer;
    private transient SpanTracker tracker;
    private transient ValueState<LiveScoreState> scoreState;
    private transient ValueState<SpanState> openSpan;
    private transient ValueState<String> spanModel;
    private transient ValueState<Long> streamStart;
    private transient ValueState<Long> streamId;
    private transient IdleTimers idleTimers;
    /** With {@link Rules#reportsPsnr}: the open span's lowest PSNR and the camera's reference when it opened. */
    private transient ValueState<double[]> spanPsnr;
    /** The most unusual object of the open span's highest-scoring fused frame so far, and that frame's score. */
    private transient ValueState<ObjectReading> spanObject;
    private transient ValueState<Double> spanObjectPeak;
    private transient CameraSpanMetrics metrics;
    /** Arrival of the frame being processed, 0 in a timer: for the event latency metric. */
    private transient long arrivalMs;

    public PredictionErrorSpanFunction(Rules rules) {
        this.rules = rules;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = LiveScorer.defaults();
        tracker = rules.tracker();
        String prefix = rules.statePrefix();
        scoreState = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-score", LiveScoreState.class));
        openSpan = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-span", SpanState.class));
        spanModel = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-model", Types.STRING));
        streamStart = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-stream-start", Types.LONG));
        streamId = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-stream-id", Types.LONG));
        idleTimers = new IdleTimers(getRuntimeContext(), prefix + "-idle-timer");
        spanPsnr = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-span-psnr", double[].class));
        spanObject = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-span-object",
                ObjectReading.class));
        spanObjectPeak = getRuntimeContext().getState(new ValueStateDescriptor<>(prefix + "-span-object-peak",
                Types.DOUBLE));
        metrics = new CameraSpanMetrics(getRuntimeContext().getMetricGroup(), rules.scoreMetric());
    }

    @Override
    public void processElement(FrameScore frame, Context ctx, Collector<EventRecord> out) throws Exception {
        if (!Double.isFinite(frame.framePsnr)) {
            metrics.dropped(frame.cameraId); // one bad score must not make the camera's reference NaN for good
            return;
        }
        LiveScoreState state = scoreState.value();
        if (state == null) {
            state = new LiveScoreState();
        }
        double reference = state.started ? state.referencePsnr : frame.framePsnr;
        double score = scorer.update(state, frame.framePsnr, new NormalBaseline(frame.normalPsnrMean, frame.normalPsnrStd,
                frame.normalAlarmGapDb));
        scoreState.update(state);
        if (frame.objectsFused) {
            score = (score + frame.objectScore) / 2;
        }
        metrics.score(frame.cameraId, score);
        arrivalMs = frame.arrivalMs;

        Long knownStart = streamStart.value();
        if (knownStart == null || knownStart != frame.streamStartMs) {
            streamStart.update(frame.streamStartMs);
        }
        streamId.update(frame.streamId);
        spanModel.update(frame.model);
        idleTimers.rearm(ctx.timerService(), frame.captureTimeMs, frame.live, rules.idleCloseMs());

        SpanState span = openSpan.value();
        if (span == null) {
            span = new SpanState();
        }
        Span closed = tracker.update(span, score, frame.streamOffsetMs, frame.captureTimeMs);
        openSpan.update(span);
        metrics.open(frame.cameraId, span.open);
        emit(ctx.getCurrentKey(), closed, out);
        Double peak = spanObjectPeak.value();
        if (span.open && frame.object != null && (peak == null || score > peak)) {
            spanObject.update(frame.object);
            spanObjectPeak.update(score);
        }
        if (rules.reportsPsnr()) {
            double[] range = closed == null ? spanPsnr.value() : null;
            spanPsnr.update(!span.open ? null : range == null ? new double[] {frame.framePsnr, reference}
                    : new double[] {Math.min(range[0], frame.framePsnr), range[1]});
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        if (!idleTimers.fired(ctx.timerService(), ctx.timeDomain(), timestamp)) {
            return;
        }
        arrivalMs = 0;
        SpanState span = openSpan.value();
        if (span != null) {
            Span closed = tracker.flush(span);
            openSpan.update(span);
            metrics.open(ctx.getCurrentKey(), span.open);
            emit(ctx.getCurrentKey(), closed, out);
            if (closed != null) {
                spanPsnr.clear();
            }
        }
    }

    private void emit(String camera, Span closed, Collector<EventRecord> out) throws Exception {
        if (closed != null) {
            double[] psnr = rules.reportsPsnr() ? spanPsnr.value() : null;
            ObjectReading o = spanObject.value();
            SpanObject object = o == null ? null
                    : new SpanObject(o.className, o.track, o.box, Math.round(o.score * 10_000) / 10_000.0, o.offsetMs);
            spanObject.clear();
            spanObjectPeak.clear();
            EventRecord event = SpanEvents.of(rules.eventType(), camera, streamId.value(), closed, spanModel.value(),
                    psnr == null ? null : psnr[1], psnr == null ? null : psnr[0], object);
            event.arrivalMs = arrivalMs;
            out.collect(event);
        }
    }
}
