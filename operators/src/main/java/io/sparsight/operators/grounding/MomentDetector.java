package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.text.SentenceEncoder;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.IdleTimers;
import io.sparsight.operators.events.ModelLoads;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Standing queries over every camera's stream (keyed by camera id; queries in broadcast state, so they are
 * checkpointed and survive restarts).
 *
 * <p>Each camera keeps the frames of its last window (at the model's size). Every {@code stride} of stream time the
 * window {@code [end - window, end)} is sampled as the model samples (N frames evenly) and asked, in one batch, about
 * every query in force for that camera. A query whose presence probability reaches its threshold has a detection: the
 * predicted moment in stream time. Detections of one query that overlap or follow within {@code mergeGap} are one
 * moment, reported with the boundaries of its best detection ({@link OpenMoment}); a moment that no later window can
 * extend any more (its detections ended before the current window began) becomes one {@code io.sparsight.moment}
 * event. When a camera sends nothing for {@code idleClose} (event time) or its input
 * ends, the rest of its stream is read as a last window (if it is at least half a window long) and its open moments
 * are emitted. A frame after a gap longer than a window does the same for the frames before it, and windows start
 * again from it: the empty windows of the gap are never read (an hour's outage would otherwise be some 1,800 model
 * calls on the last frame before it).
 *
 * <p>Removing a query drops its open moments: after a remove is processed, that query yields no events. Sentence
 * embeddings are computed once per query text per subtask; the model and the text encoder load on first use.
 *
 * <p>What a camera's input is and how a window is asked is the model's ({@link MomentModel}): frames for the pixel
 * model ({@link FrameMomentDetector}), the object stage's tracked frames for the track model
 * ({@link TrackMomentDetector}); the rules above are the same for both.
 *
 * @param <I> what the stage reads of each camera
 */
public abstract class MomentDetector<I> extends KeyedBroadcastProcessFunction<String, I, QueryCommand, EventRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MomentDetector.class);

    /** The standing queries, by id. */
    public static final MapStateDescriptor<String, StandingQuery> QUERIES =
            new MapStateDescriptor<>("standing-queries", Types.STRING, TypeInformation.of(StandingQuery.class));
    private static final MapStateDescriptor<String, OpenMoment> OPEN =
            new MapStateDescriptor<>("grounding-open-moments", Types.STRING, TypeInformation.of(OpenMoment.class));

    /** Where an input lies in its camera's stream. */
    protected record Position(long streamStartMs, long streamId, long offsetMs, long captureTimeMs, boolean live,
            long arrivalMs) {}

    protected final GroundingConfig config;
    private final MomentWindows windows;
    private transient MomentModel<I> predictor;
    private transient SentenceEncoder encoder;
    private transient Map<String, float[]> embeddings;
    /** Load attempts of model and text encoder (retried with growing delays after a failure). */
    private transient ModelLoads loads;

    private transient ListState<WindowFrame> frames;
    private transient ValueState<Long> nextWindowEnd;
    private transient ValueState<Long> lastEvaluatedEnd;
    private transient ValueState<Long> lastFrameOffset;
    private transient ValueState<Long> streamStart;
    private transient ValueState<Long> streamId;
    private transient IdleTimers idleTimers;
    private transient MapState<String, OpenMoment> open;
    private transient Histogram inferenceMs;
    private transient SparsightMetrics.PerKey<int[]> openMoments;
    /** Arrival of the frame being processed, 0 in a timer: for the event latency metric. */
    private transient long arrivalMs;

    protected MomentDetector(GroundingConfig config) {
        this.config = config;
        this.windows = new MomentWindows(config);
    }

    /** Where {@code input} lies in its camera's stream. */
    protected abstract Position position(I input);

    /** Opens {@code config}'s model, with the text encoder's sentence embeddings at hand. */
    protected abstract MomentModel<I> openModel(Function<String, float[]> sentences) throws ModelArtifactException;

    @Override
    public void open(OpenContext openContext) {
        frames = getRuntimeContext().getListState(new ListStateDescriptor<>("grounding-frames", WindowFrame.class));
        nextWindowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("grounding-next-window", Types.LONG));
        lastEvaluatedEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("grounding-last-window", Types.LONG));
        lastFrameOffset = getRuntimeContext().getState(new ValueStateDescriptor<>("grounding-last-frame", Types.LONG));
        streamStart = getRuntimeContext().getState(new ValueStateDescriptor<>("grounding-stream-start", Types.LONG));
        streamId = getRuntimeContext().getState(new ValueStateDescriptor<>("grounding-stream-id", Types.LONG));
        idleTimers = new IdleTimers(getRuntimeContext(), "grounding-idle-timer");
        open = getRuntimeContext().getMapState(OPEN);
        embeddings = new HashMap<>();
        loads = new ModelLoads();
        getRuntimeContext().getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model())
                .gauge(SparsightMetrics.MODEL_AVAILABLE, loads::available);
        inferenceMs = getRuntimeContext().getMetricGroup().addGroup(SparsightMetrics.MODEL, config.model())
                .histogram(SparsightMetrics.INFERENCE_MS, SparsightMetrics.histogram());
        openMoments = new SparsightMetrics.PerKey<>(getRuntimeContext().getMetricGroup(), SparsightMetrics.CAMERA,
                group -> {
                    int[] holder = {0};
                    group.gauge(SparsightMetrics.OPEN_SPANS, () -> holder[0]);
                    return holder;
                });
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    @Override
    public void processElement(I input, ReadOnlyContext ctx, Collector<EventRecord> out) throws Exception {
        String camera = ctx.getCurrentKey();
        Position at = position(input);
        if (!modelReady(camera, at, ctx.currentProcessingTime(), out)) {
            return;
        }
        arrivalMs = at.arrivalMs();
        Long knownStart = streamStart.value();
        Long lastOffset = lastFrameOffset.value();
        if (knownStart != null && knownStart != at.streamStartMs()) {
            finishStream(ctx, camera, out); // a new run of the stream: the old one is over
        } else if (lastOffset != null && windows.isGap(lastOffset, at.offsetMs())) {
            // no window holds frames from both sides: the stretch before is over, the windows in between are empty
            finishStream(ctx, camera, out);
        }
        streamStart.update(at.streamStartMs());
        streamId.update(at.streamId());
        frames.add(predictor.keep(input));
        lastFrameOffset.update(at.offsetMs());
        Long next = nextWindowEnd.value();
        if (next == null) {
            next = windows.firstWindowEnd(at.offsetMs());
        }
        while (at.offsetMs() >= next) {
            evaluate(ctx, camera, windows.windowStart(next), next, out);
            next = windows.nextWindowEnd(next);
        }
        nextWindowEnd.update(next);
        openMoments.get(camera)[0] = openCount();
        idleTimers.rearm(ctx.timerService(), at.captureTimeMs(), at.live(), config.idleCloseMs());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        if (!idleTimers.fired(ctx.timerService(), ctx.timeDomain(), timestamp)) {
            return;
        }
        arrivalMs = 0;
        if (predictor != null) {
            finishStream(ctx, ctx.getCurrentKey(), out);
            openMoments.get(ctx.getCurrentKey())[0] = 0;
        }
    }

    @Override
    public void processBroadcastElement(QueryCommand command, Context ctx, Collector<EventRecord> out) throws Exception {
        BroadcastState<String, StandingQuery> queries = ctx.getBroadcastState(QUERIES);
        if (command.isAdd()) {
            queries.put(command.id, StandingQuery.of(command));
        } else {
            queries.remove(command.id);
            ctx.applyToKeyedState(OPEN, (camera, moments) -> moments.remove(command.id));
        }
    }

    /** The rest of the stream as a last window (when long enough), then every open moment emitted. */
    private void finishStream(ReadOnlyContext ctx, String camera, Collector<EventRecord> out) throws Exception {
        long[] last = windows.lastWindow(list(frames.get()), lastFrameOffset.value(), lastEvaluatedEnd.value());
        if (last != null) {
            evaluate(ctx, camera, last[0], last[1], out);
        }
        for (Map.Entry<String, OpenMoment> e : list(open.entries())) {
            emit(camera, e.getKey(), e.getValue(), out);
        }
        open.clear();
        frames.clear();
        nextWindowEnd.clear();
        lastEvaluatedEnd.clear();
        lastFrameOffset.clear();
    }

    private void evaluate(ReadOnlyContext ctx, String camera, long start, long end, Collector<EventRecord> out)
            throws Exception {
        List<WindowFrame> buffered = list(frames.get());
        List<Map.Entry<String, StandingQuery>> active = new ArrayList<>();
        ReadOnlyBroadcastState<String, StandingQuery> queries = ctx.getBroadcastState(QUERIES);
        for (Map.Entry<String, StandingQuery> q : queries.immutableEntries()) {
            if (q.getValue().appliesTo(camera)) {
                active.add(q);
            }
        }
        LOG.debug("camera {} window {}..{} ms: {} frames buffered, {} queries", camera, start, end, buffered.size(),
                active.size());
        if (!active.isEmpty() && !buffered.isEmpty()) {
            detect(camera, start, end, buffered, active, out);
        }
        lastEvaluatedEnd.update(end);
        for (Map.Entry<String, OpenMoment> e : list(open.entries())) {
            boolean removed = !queries.contains(e.getKey());
            if (removed) {
                open.remove(e.getKey());
            } else if (windows.isOver(e.getValue(), start)) {
                emit(camera, e.getKey(), e.getValue(), out);
                open.remove(e.getKey());
            }
        }
        frames.update(windows.keptAfter(buffered, end));
    }

    private void detect(String camera, long start, long end, List<WindowFrame> buffered,
            List<Map.Entry<String, StandingQuery>> active, Collector<EventRecord> out) throws Exception {
        int b = active.size();
        int textDim = predictor.textDim();
        float[] text = new float[b * textDim];
        for (int q = 0; q < b; q++) {
            System.arraycopy(embedding(active.get(q).getValue().text), 0, text, q * textDim, textDim);
        }
        long started = System.nanoTime();
        List<GroundingModel.Prediction> answers = predictor.answer(buffered, start, end, text, b);
        inferenceMs.update((System.nanoTime() - started) / 1_000_000);
        for (int q = 0; q < b; q++) {
            StandingQuery query = active.get(q).getValue();
            GroundingModel.Prediction p = answers.get(q);
            LOG.debug("camera {} window {}..{} ms, query {}: presence {} moment {}..{}", camera, start, end, query.id,
                    p.presence(), p.start(), p.end());
            if (p.presence() < query.threshold) {
                continue;
            }
            MomentWindows.Detection d = MomentWindows.detection(start, end, p.start(), p.end());
            OpenMoment current = open.get(query.id);
            if (current != null && windows.continues(current, d)) {
                current.add(d.fromMs(), d.toMs(), p.presence(), d.cut());
                open.put(query.id, current);
            } else {
                if (current != null) {
                    emit(camera, query.id, current, out); // a new moment of the same query: the old one is over
                }
                open.put(query.id, new OpenMoment(query.text, d.fromMs(), d.toMs(), p.presence(), d.cut()));
            }
        }
    }

    private void emit(String camera, String queryId, OpenMoment moment, Collector<EventRecord> out) throws Exception {
        EventRecord event = MomentEvents.of(camera, streamStart.value(), streamId.value(), queryId, moment,
                predictor.name());
        event.arrivalMs = arrivalMs;
        out.collect(event);
    }

    /** Moments open in the current camera. */
    private int openCount() throws Exception {
        int count = 0;
        for (String ignored : open.keys()) {
            count++;
        }
        return count;
    }

    private float[] embedding(String text) {
        return embeddings.computeIfAbsent(text, encoder::sentence);
    }

    /**
     * Loads model and text encoder on first use, both or neither; false (and the camera's frame is not read) while
     * they cannot be loaded: each failed attempt is an {@code error} status of the camera that asked, and the next
     * comes after a growing delay ({@link ModelLoads}).
     */
    private boolean modelReady(String camera, Position at, long nowMs, Collector<EventRecord> out) {
        if (predictor != null) {
            return true;
        }
        if (!loads.due(nowMs)) {
            return false;
        }
        try {
            encoder = new SentenceEncoder(1);
            predictor = openModel(this::embedding);
            loads.loaded();
            LOG.info("grounding model {} loaded ({} per {} ms window, every {} ms)", predictor.name(),
                    predictor.describe(), config.windowMs(), config.strideMs());
            return true;
        } catch (ModelArtifactException | RuntimeException e) {
            if (encoder != null) {
                encoder.close(); // the model failed: the text encoder alone cannot answer a query
                encoder = null;
            }
            long retryMs = loads.failed(nowMs);
            LOG.error("grounding model {} or its text encoder cannot be loaded, standing queries are not answered: {};"
                    + " trying again in {} s", config.model(), e.getMessage(), retryMs / 1000);
            out.collect(ModelLoads.unavailable(camera, at.captureTimeMs(), at.streamStartMs(), at.offsetMs(),
                    "the grounding model " + config.model() + " (or its text encoder)", e.getMessage(), retryMs));
            return false;
        }
    }

    private static <T> List<T> list(Iterable<T> items) {
        List<T> out = new ArrayList<>();
        if (items != null) {
            items.forEach(out::add);
        }
        return out;
    }
}
