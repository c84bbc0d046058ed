package io.sparsight.pipelines.eval;

import io.sparsight.models.anomaly.AnomalyEvaluation.VideoScores;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.operators.events.SpanTracker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveAnomalyReplayTest {

    /** Reference fixed at a camera's first frame, no smoothing; alarm gap 1 dB: score = (reference - psnr) / 2. */
    private static final LiveScorer FIXED_REFERENCE = new LiveScorer(0.0, 0.0, 0.0);
    private static final NormalBaseline ONE_DB_ALARM = new NormalBaseline(40.0, 1.0, 1.0);
    /** Opens at 0.5, closes at the first frame below 0.3, keeps spans of any length. */
    private static final SpanTracker TRACKER = new SpanTracker(0.5, 0.3, 0, 0);

    private static VideoScores video(String name, double... psnr) {
        return new VideoScores(name, psnr, psnr);
    }

    private static boolean[] abnormal(int frames, int... indices) {
        boolean[] flags = new boolean[frames];
        for (int i : indices) {
            flags[i] = true;
        }
        return flags;
    }

    @Test
    void framesInsideEmittedSpansCountAsFlaggedAndEventsAsFoundWhenASpanOverlapsThem() {
        VideoScores a = video("a", 40, 40, 40, 38, 38, 38, 40, 40, 40, 40);
        VideoScores b = video("b", 40, 38.5, 40, 40, 40);             // one normal frame scoring 0.75: a false span
        Map<String, boolean[]> labels = Map.of("a", abnormal(10, 3, 4, 5, 8), "b", abnormal(5));

        LiveAnomalyReplay.Result r = LiveAnomalyReplay.replay(List.of(a, b), labels, FIXED_REFERENCE, ONE_DB_ALARM,
                TRACKER, 10);

        assertThat(r.frames()).isEqualTo(15);
        assertThat(r.abnormalFrames()).isEqualTo(4);
        assertThat(r.flaggedFrames()).isEqualTo(4);
        assertThat(r.flaggedAbnormal()).isEqualTo(3);
        assertThat(r.precision()).isEqualTo(0.75);
        assertThat(r.recall()).isEqualTo(0.75);
        assertThat(r.spans()).isEqualTo(2);
        assertThat(r.falseSpans()).isEqualTo(1);
        assertThat(r.events()).as("frames 3-5 and frame 8 of a").isEqualTo(2);
        assertThat(r.eventsFound()).isEqualTo(1);
        assertThat(r.liveMicroAuc()).isBetween(50.0, 100.0);
    }

    @Test
    void objectScoresAreFusedAsTheMeanWithTheFramePredictorsScores() {
        VideoScores a = video("a", 40, 40, 40, 40, 40, 39, 39, 40);  // frames 5-6 score 0.5 on the PSNR alone
        Map<String, boolean[]> labels = Map.of("a", abnormal(8, 2, 3));
        Map<String, double[]> objects = Map.of("a", new double[] {0, 0, 1, 1, 0, 0, 0, 0}); // an unusual object at 2-3

        LiveAnomalyReplay.Result alone = LiveAnomalyReplay.replay(List.of(a), labels, FIXED_REFERENCE, ONE_DB_ALARM,
                TRACKER, 10);
        LiveAnomalyReplay.Result fused = LiveAnomalyReplay.replay(List.of(a), labels, FIXED_REFERENCE, ONE_DB_ALARM,
                TRACKER, 10, objects);

        assertThat(alone.eventsFound()).isZero();
        assertThat(alone.falseSpans()).isEqualTo(1);
        assertThat(fused.eventsFound()).as("mean 0.5 at frames 2-3").isEqualTo(1);
        assertThat(fused.flaggedAbnormal()).isEqualTo(2);
        assertThat(fused.falseSpans()).as("the PSNR's 0.5 halves to 0.25").isZero();
    }

    @Test
    void aVideoThatStartsAbnormalIsMissedAsANewCameraButFoundOnACameraThatWasAlreadyRunning() {
        VideoScores normal = video("1", 40, 40, 40, 40, 40);
        VideoScores startsAbnormal = video("2", 38, 38, 38, 40, 40);
        Map<String, boolean[]> labels = Map.of("1", abnormal(5), "2", abnormal(5, 0, 1, 2));

        LiveAnomalyReplay.Result newCameras = LiveAnomalyReplay.replay(List.of(normal, startsAbnormal), labels,
                FIXED_REFERENCE, ONE_DB_ALARM, TRACKER, 10);
        LiveAnomalyReplay.Result oneCamera = LiveAnomalyReplay.replayAsOneCamera(List.of(normal, startsAbnormal), labels,
                FIXED_REFERENCE, ONE_DB_ALARM, TRACKER, 10, null);

        assertThat(newCameras.eventsFound()).as("the reference starts on the anomaly").isZero();
        assertThat(oneCamera.eventsFound()).isEqualTo(1);
        assertThat(oneCamera.flaggedAbnormal()).isEqualTo(3);
        assertThat(oneCamera.falseSpans()).isZero();
    }
}
