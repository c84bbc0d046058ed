package io.sparsight.pipelines.eval;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.LiveScoreState;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.anomaly.RocAuc;
import io.sparsight.operators.events.Span;
import io.sparsight.operators.events.SpanState;
import io.sparsight.operators.events.SpanTracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays scored test videos through what a live camera gets: the anomaly stage's {@link LiveScorer} (no future
 * frames, no per-video normalisation; each video starts as a new camera) and its {@link SpanTracker}, and compares
 * the result with the frame labels. A frame counts as flagged when it lies inside an emitted span (start to last
 * active frame); an anomalous event is a run of consecutive abnormal frames, found when a span overlaps it.
 */
public final class LiveAnomalyReplay {

    /** Frame- and event-level figures of one replay. */
    public record Result(double liveMicroAuc, int frames, int abnormalFrames, int flaggedFrames, int flaggedAbnormal,
            int spans, int falseSpans, int events, int eventsFound) {

        /** Share of flagged frames that are abnormal (NaN when nothing was flagged). */
        public double precision() {
            return flaggedFrames == 0 ? Double.NaN : (double) flaggedAbnormal / flaggedFrames;
        }

        /** Share of abnormal frames that were flagged. */
        public double recall() {
            return abnormalFrames == 0 ? Double.NaN : (double) flaggedAbnormal / abnormalFrames;
        }
    }

    private LiveAnomalyReplay() {}

    /**
     * @param videos per-frame PSNRs of the test videos ({@link AnomalyEvaluation#score})
     * @param labels abnormal flags per frame, by video name
     * @param fps frame rate the videos are replayed at (span durations and quiet times are in ms)
     */
    public static Result replay(List<AnomalyEvaluation.VideoScores> videos, Map<String, boolean[]> labels,
            LiveScorer scorer, NormalBaseline baseline, SpanTracker tracker, double fps) {
        return replay(videos, labels, scorer, baseline, tracker, fps, null);
    }

    /**
     * As above, each frame's live score fused with its objects' as the stage fuses them (the mean of the two).
     *
     * @param objectScores per video, each frame's object score in [0, 1] ({@code ObjectDensity#unitScore}); null: none
     */
    public static Result replay(List<AnomalyEvaluation.VideoScores> videos, Map<String, boolean[]> labels,
            LiveScorer scorer, NormalBaseline baseline, SpanTracker tracker, double fps,
            Map<String, double[]> objectScores) {
        List<double[]> allScores = new ArrayList<>();
        List<boolean[]> allTruth = new ArrayList<>();
        int frames = 0;
        int abnormal = 0;
        int flagged = 0;
        int flaggedAbnormal = 0;
        int spanCount = 0;
        int falseSpans = 0;
        int events = 0;
        int eventsFound = 0;
        for (AnomalyEvaluation.VideoScores video : videos) {
            boolean[] truth = labels.get(video.name());
            if (truth == null || truth.length != video.framePsnr().length) {
                throw new IllegalArgumentException("labels of test video " + video.name() + " are missing or cover "
                        + (truth == null ? 0 : truth.length) + " frames instead of " + video.framePsnr().length);
            }
            double[] scores = liveScores(video.framePsnr(), scorer, baseline);
            if (objectScores != null) {
                double[] objects = objectScores.get(video.name());
                for (int t = 0; t < scores.length; t++) {
                    scores[t] = (scores[t] + objects[t]) / 2;
                }
            }
            boolean[] inSpan = new boolean[scores.length];
            for (Span span : spans(scores, tracker, fps)) {
                spanCount++;
                boolean hitsAnomaly = false;
                for (int t = frameAt(span.startOffsetMs(), fps); t <= frameAt(span.endOffsetMs(), fps); t++) {
                    inSpan[t] = true;
                    hitsAnomaly |= truth[t];
                }
                falseSpans += hitsAnomaly ? 0 : 1;
            }
            for (int t = 0; t < scores.length; t++) {
                frames++;
                abnormal += truth[t] ? 1 : 0;
                flagged += inSpan[t] ? 1 : 0;
                flaggedAbnormal += inSpan[t] && truth[t] ? 1 : 0;
                boolean eventStarts = truth[t] && (t == 0 || !truth[t - 1]);
                if (eventStarts) {
                    events++;
                    eventsFound += anyFlagged(inSpan, truth, t) ? 1 : 0;
                }
            }
            allScores.add(scores);
            allTruth.add(truth);
        }
        double auc = 100 * RocAuc.of(AnomalyEvaluation.concatScores(allScores), AnomalyEvaluation.concatFlags(allTruth));
        return new Result(auc, frames, abnormal, flagged, flaggedAbnormal, spanCount, falseSpans, events, eventsFound);
    }

    /**
     * The same replay with the videos back to back as one camera that keeps running (in the order given): the
     * reference carries over from one video into the next, as on a camera that was on before the anomaly began.
     */
    public static Result replayAsOneCamera(List<AnomalyEvaluation.VideoScores> videos, Map<String, boolean[]> labels,
            LiveScorer scorer, NormalBaseline baseline, SpanTracker tracker, double fps,
            Map<String, double[]> objectScores) {
        List<double[]> psnrs = new ArrayList<>();
        List<double[]> objects = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        for (AnomalyEvaluation.VideoScores video : videos) {
            psnrs.add(video.framePsnr());
            truth.add(labels.get(video.name()));
            if (objectScores != null) {
                objects.add(objectScores.get(video.name()));
            }
        }
        double[] psnr = AnomalyEvaluation.concatScores(psnrs);
        AnomalyEvaluation.VideoScores camera = new AnomalyEvaluation.VideoScores("one camera", psnr, psnr);
        return replay(List.of(camera), Map.of("one camera", AnomalyEvaluation.concatFlags(truth)), scorer, baseline,
                tracker, fps, objectScores == null ? null : Map.of("one camera", AnomalyEvaluation.concatScores(objects)));
    }

    /** The live score of every frame of one video, as a camera that starts with the video would see it. */
    static double[] liveScores(double[] psnr, LiveScorer scorer, NormalBaseline baseline) {
        LiveScoreState state = new LiveScoreState();
        double[] scores = new double[psnr.length];
        for (int t = 0; t < psnr.length; t++) {
            scores[t] = scorer.update(state, psnr[t], baseline);
        }
        return scores;
    }

    private static List<Span> spans(double[] scores, SpanTracker tracker, double fps) {
        List<Span> spans = new ArrayList<>();
        SpanState state = new SpanState();
        for (int t = 0; t < scores.length; t++) {
            long offsetMs = Math.round(t * 1000 / fps);
            Span closed = tracker.update(state, scores[t], offsetMs, offsetMs);
            if (closed != null) {
                spans.add(closed);
            }
        }
        Span last = tracker.flush(state);
        if (last != null) {
            spans.add(last);
        }
        return spans;
    }

    private static int frameAt(long offsetMs, double fps) {
        return (int) Math.round(offsetMs * fps / 1000);
    }

    /** Whether any frame of the abnormal run starting at {@code start} is flagged. */
    private static boolean anyFlagged(boolean[] inSpan, boolean[] truth, int start) {
        for (int t = start; t < truth.length && truth[t]; t++) {
            if (inSpan[t]) {
                return true;
            }
        }
        return false;
    }
}
