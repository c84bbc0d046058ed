package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.operators.objects.TrackedFrame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per camera (keyed by camera id): the anomaly stage's frame scores meet the object stage's tracked frames. Each
 * tracked frame becomes an {@link ObjectReading} by the camera's model's object density ({@code objects.json} beside
 * the model); each frame score waits until the readings that decide it are in ({@link ObjectScoreAlignment}) and goes
 * on with the reading's score and object, for {@link PredictionErrorSpanFunction} to fuse. Scores of a model without
 * an object density go on as they came. Waiting scores and readings are keyed state.
 */
public class ObjectFusion extends KeyedCoProcessFunction<String, FrameScore, TrackedFrame, FrameScore> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ObjectFusion.class);

    private final AnomalyConfig config;
    private transient ListState<FrameScore> pending;
    private transient ListState<ObjectReading> readings;
    /** Object densities by model reference (empty: the model has none, or it cannot be read). */
    private transient Map<String, Optional<ObjectDensity>> densities;

    public ObjectFusion(AnomalyConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("anomaly-objects-pending",
                FrameScore.class));
        readings = getRuntimeContext().getListState(new ListStateDescriptor<>("anomaly-objects-readings",
                ObjectReading.class));
        densities = new HashMap<>();
    }

    @Override
    public void processElement1(FrameScore score, Context ctx, Collector<FrameScore> out) throws Exception {
        if (density(score.model).isEmpty()) {
            out.collect(score);
            return;
        }
        List<FrameScore> waiting = list(pending.get());
        waiting.add(score);
        if (ctx.timestamp() != null) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }
        resolve(waiting, list(readings.get()), ctx.timestamp() == null ? Long.MAX_VALUE : Long.MIN_VALUE, out);
    }

    @Override
    public void processElement2(TrackedFrame frame, Context ctx, Collector<FrameScore> out) throws Exception {
        Optional<ObjectDensity> density = density(config.modelFor(ctx.getCurrentKey()));
        if (density.isEmpty()) {
            return;
        }
        List<ObjectReading> known = list(readings.get());
        known.add(ObjectReading.of(frame, density.get()));
        resolve(list(pending.get()), known, Long.MIN_VALUE, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FrameScore> out) throws Exception {
        resolve(list(pending.get()), list(readings.get()), timestamp, out);
    }

    private void resolve(List<FrameScore> waiting, List<ObjectReading> known, long eventTimeMs,
            Collector<FrameScore> out) throws Exception {
        for (FrameScore score : ObjectScoreAlignment.resolve(waiting, known, eventTimeMs)) {
            out.collect(score);
        }
        pending.update(waiting);
        readings.update(known);
    }

    private Optional<ObjectDensity> density(String ref) {
        return densities.computeIfAbsent(ref, r -> {
            try {
                Optional<ObjectDensity> density = ObjectDensity.of(r);
                LOG.info("anomaly model {}: {}", r, density.isPresent() ? "its object density is fused with its"
                        + " score on cameras with objects" : "no object density (" + ObjectDensity.FILE + "), so its"
                        + " score is not fused with the objects'");
                return density;
            } catch (ModelArtifactException e) {
                LOG.error("anomaly model {}: its object density cannot be read, so its score is not fused with the"
                        + " objects': {}", r, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static <T> List<T> list(Iterable<T> items) {
        List<T> out = new ArrayList<>();
        if (items != null) {
            items.forEach(out::add);
        }
        return out;
    }
}
