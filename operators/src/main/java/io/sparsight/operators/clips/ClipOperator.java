package io.sparsight.operators.clips;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.events.CameraStatusEvents;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Per camera (keyed by camera id): the camera's frames go into a ring of recent footage ({@link ClipBuffers}, memory
 * only); each event that gets a clip waits in keyed state until its post-roll is in (a frame that late, the watermark
 * past it, or {@code postRoll} + 5 s of wall clock for a camera that stopped), is handed to the {@link ClipWriter}'s
 * threads, and goes on with its {@code clip} member once the clip is written or refused. Nothing here blocks on a
 * clip except at the end of a bounded input, where the last clips are waited for. A store that fails (full, gone)
 * makes the camera report {@code degraded} once a minute; for 30 s after a failure events go out without clips
 * rather than queueing writes that would fail.
 */
public class ClipOperator extends KeyedCoProcessFunction<String, VideoFrame, EventRecord, EventRecord> {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How often an event whose clip is being written checks for it. */
    static final long POLL_MS = 200;
    /** A camera that stopped sending: an event waits this long past its post-roll (wall clock), then takes what is in. */
    static final long STOPPED_CAMERA_GRACE_MS = 5_000;
    /** After a store failure, clips are not tried for this long. */
    static final long STORE_RETRY_MS = 30_000;
    /** A camera reports a failing store at most this often. */
    static final long DEGRADED_EVERY_MS = 60_000;
    /** At the end of a bounded input, a clip is waited for at most this long. */
    static final long FINAL_WAIT_MS = 120_000;

    private final ClipsConfig config;
    private transient ListState<PendingClip> pending;
    private transient ClipBuffers buffers;
    private transient ClipWriter writer;
    private transient Map<String, Future<ClipData>> inFlight;
    private transient String storeFailure;
    private transient long storeFailedMs;
    private transient Map<String, Long> degradedReportedMs;
    private transient Counter clipsWritten;
    private transient Counter clipsDropped;
    private transient Counter clipsFailed;

    public ClipOperator(ClipsConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getListState(new ListStateDescriptor<>("clips-pending", PendingClip.class));
        buffers = ClipBuffers.of(config);
        writer = new ClipWriter(config);
        inFlight = new HashMap<>();
        degradedReportedMs = new HashMap<>();
        clipsWritten = getRuntimeContext().getMetricGroup().counter("clipsWritten");
        clipsDropped = getRuntimeContext().getMetricGroup().counter("clipsDropped");
        clipsFailed = getRuntimeContext().getMetricGroup().counter("clipsFailed");
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }

    @Override
    public void processElement1(VideoFrame frame, Context ctx, Collector<EventRecord> out) throws Exception {
        buffers.add(frame);
        advance(ctx.getCurrentKey(), ctx.timerService(), false, out);
    }

    @Override
    public void processElement2(EventRecord event, Context ctx, Collector<EventRecord> out) throws Exception {
        if (!config.types().contains(event.type)) {
            out.collect(event);
            return;
        }
        ClipSpan span;
        try {
            span = ClipSpan.of(event);
        } catch (IllegalArgumentException e) {
            out.collect(withClip(event, ClipData.missing("no clip: " + e.getMessage())));
            return;
        }
        long now = System.currentTimeMillis();
        List<PendingClip> waiting = list(pending.get());
        waiting.add(new PendingClip(event, now));
        pending.update(waiting);
        ctx.timerService().registerEventTimeTimer(span.clipEndMs(config.postRollMs()));
        ctx.timerService().registerProcessingTimeTimer(now + config.postRollMs() + STOPPED_CAMERA_GRACE_MS);
        advance(ctx.getCurrentKey(), ctx.timerService(), false, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EventRecord> out) throws Exception {
        advance(ctx.getCurrentKey(), ctx.timerService(), ctx.timerService().currentWatermark() == Long.MAX_VALUE,
                out);
    }

    /**
     * Starts the clips whose footage is in, sends the events whose clips are done. At the end of the input
     * ({@code last}) every clip is started and waited for.
     */
    private void advance(String camera, TimerService timers, boolean last, Collector<EventRecord> out)
            throws Exception {
        List<PendingClip> waiting = list(pending.get());
        if (waiting.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        long newestFrameMs = buffers.newestMs(camera);
        long watermark = timers.currentWatermark();
        List<PendingClip> left = new ArrayList<>();
        for (PendingClip clip : waiting) {
            Future<ClipData> writing = inFlight.get(clip.event.id);
            if (writing == null) {
                long footageEndMs = ClipSpan.of(clip.event).clipEndMs(config.postRollMs());
                boolean footageIn = last || newestFrameMs >= footageEndMs || watermark >= footageEndMs
                        || now >= clip.arrivedMs + config.postRollMs() + STOPPED_CAMERA_GRACE_MS;
                if (!footageIn) {
                    left.add(clip);
                    continue;
                }
                Optional<ClipData> refused = start(camera, clip.event, now);
                if (refused.isPresent()) {
                    send(camera, clip.event, refused.get(), now, out);
                    continue;
                }
                writing = inFlight.get(clip.event.id);
            }
            if (last) {
                waitFor(writing);
            }
            if (writing.isDone() || last) {
                inFlight.remove(clip.event.id);
                send(camera, clip.event, resultOf(writing), now, out);
            } else {
                left.add(clip);
            }
        }
        pending.update(left);
        if (left.stream().anyMatch(clip -> inFlight.containsKey(clip.event.id))) {
            timers.registerProcessingTimeTimer((now / POLL_MS + 1) * POLL_MS);
        }
    }

    /** Hands the event's clip to the writer; a refusal (store failing, queue full) is returned. */
    private Optional<ClipData> start(String camera, EventRecord event, long now) {
        if (storeFailure != null && now - storeFailedMs < STORE_RETRY_MS) {
            return Optional.of(ClipData.missing(storeFailure));
        }
        ClipSpan span = ClipSpan.of(event);
        long from = span.clipStartMs(config.preRollMs());
        List<VideoFrame> frames = buffers.between(camera, from, span.clipEndMs(config.postRollMs()));
        VideoFrame peak = null;
        for (VideoFrame frame : frames) {
            if (peak == null || Math.abs(frame.captureTimeMs - span.peakMs()) < Math.abs(peak.captureTimeMs
                    - span.peakMs())) {
                peak = frame;
            }
        }
        List<VideoFrame> predictions = EventTypes.PREDICTION.equals(event.type)
                ? buffers.predictedBetween(camera, span.startMs(), span.endMs()) : List.of();
        Optional<Future<ClipData>> queued = writer.submit(new ClipWriter.Job(event.id, camera, frames, peak,
                span.boxes(), from, predictions));
        if (queued.isEmpty()) {
            clipsDropped.inc();
            return Optional.of(ClipData.missing("the clip writer is behind: its queue of " + config.queueCapacity()
                    + " clips was full"));
        }
        inFlight.put(event.id, queued.get());
        return Optional.empty();
    }

    private void send(String camera, EventRecord event, ClipData clip, long now, Collector<EventRecord> out) {
        if (clip.isWritten()) {
            clipsWritten.inc();
            storeFailure = null;
        } else if (ClipWriter.isStoreFailure(clip)) {
            clipsFailed.inc();
            storeFailure = clip.error();
            storeFailedMs = now;
            Long reported = degradedReportedMs.get(camera);
            if (reported == null || now - reported >= DEGRADED_EVERY_MS) {
                degradedReportedMs.put(camera, now);
                out.collect(CameraStatusEvents.of(CameraStatus.of(camera, CameraStatus.DEGRADED, clip.error()
                        + "; events go out without clips", now, 0, 0)));
            }
        }
        out.collect(withClip(event, clip));
    }

    /** {@code event} with {@code clip} as its data's {@code clip} member. */
    static EventRecord withClip(EventRecord event, ClipData clip) {
        try {
            ObjectNode data = (ObjectNode) MAPPER.readTree(event.dataJson);
            data.set("clip", MAPPER.valueToTree(clip));
            EventRecord out = new EventRecord(event.id, event.type, event.camera, event.timeMs,
                    MAPPER.writeValueAsString(data));
            out.arrivalMs = event.arrivalMs;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Future<ClipData> writing) throws InterruptedException {
        try {
            writing.get(FINAL_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // resultOf says what went wrong
        }
    }

    private static ClipData resultOf(Future<ClipData> writing) {
        try {
            return writing.isDone() ? writing.get() : ClipData.missing("the clip was not written in time");
        } catch (ExecutionException e) {
            return ClipData.missing("the clip could not be written: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClipData.missing("interrupted while the clip was written");
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
