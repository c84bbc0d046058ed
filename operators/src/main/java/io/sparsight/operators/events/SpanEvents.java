package io.sparsight.operators.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** What every span event (motion, anomaly) shares: its data fields and its replay-stable id. */
public final class SpanEvents {

    private SpanEvents() {}

    /**
     * The span event of {@code type}: camera, start and end (wall clock and stream offsets), duration, peak and
     * mean score, frames, and the model that scored it (null: none, as for motion). Its id is derived from
     * the camera, what the stream is ({@code streamId}: a file, a live run), the type and the span start in stream
     * time, so the same span replayed after a failure, or found again by another run over the same file, has the
     * same id.
     */
    public static EventRecord of(String type, String camera, long streamId, Span span, String model) {
        return of(type, camera, streamId, span, model, null, null);
    }

    /** As {@link #of(String, String, long, Span, String)}, with a prediction span's PSNRs (null: none). */
    public static EventRecord of(String type, String camera, long streamId, Span span, String model,
            Double normalPsnrDb, Double lowestPsnrDb) {
        return of(type, camera, streamId, span, model, normalPsnrDb, lowestPsnrDb, null);
    }

    /** As above, with the span's most unusual object (null: none). */
    public static EventRecord of(String type, String camera, long streamId, Span span, String model,
            Double normalPsnrDb, Double lowestPsnrDb, SpanObject object) {
        SpanData data = new SpanData(camera, Instant.ofEpochMilli(span.startTimeMs()).toString(),
                Instant.ofEpochMilli(span.endTimeMs()).toString(), span.startOffsetMs(), span.endOffsetMs(),
                span.durationMs(), round4(span.peakScore()), Instant.ofEpochMilli(span.peakTimeMs()).toString(),
                round4(span.meanScore()), span.frames(), model,
                normalPsnrDb == null ? null : round2(normalPsnrDb), lowestPsnrDb == null ? null : round2(lowestPsnrDb),
                object);
        String id = UUID.nameUUIDFromBytes((camera + "|" + streamId + "|" + type + "|" + span.startOffsetMs())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EventRecord(id, type, camera, span.endTimeMs(), CloudEventJson.write(data));
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
