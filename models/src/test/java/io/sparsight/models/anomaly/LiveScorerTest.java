package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LiveScorerTest {

    private static final NormalBaseline BASELINE = new NormalBaseline(30.0, 1.0);

    @Test
    void aFrameAsGoodAsTheReferenceScoresZeroAndOneSixSigmaWorseScoresOne() {
        LiveScorer scorer = new LiveScorer(0.0, 0.0, 0.0); // reference fixed at the first frame, no smoothing
        LiveScoreState state = new LiveScoreState();
        assertThat(scorer.update(state, 30.0, BASELINE)).isEqualTo(0.0);
        assertThat(scorer.update(state, 31.0, BASELINE)).isEqualTo(0.0);
        assertThat(scorer.update(state, 27.0, BASELINE)).isCloseTo(0.5, within(1e-9));
        assertThat(scorer.update(state, 20.0, BASELINE)).isEqualTo(1.0);
    }

    @Test
    void aPsnrThatIsNotFiniteIsRefusedAndLeavesTheReferenceAsItWas() {
        LiveScorer scorer = new LiveScorer(0.5, 0.5, 0.0);
        LiveScoreState state = new LiveScoreState();
        scorer.update(state, 30.0, BASELINE);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> scorer.update(state, bad, BASELINE))
                    .hasMessageStartingWith("a live score needs a finite PSNR");
        }
        assertThat(state.referencePsnr).isEqualTo(30.0);
        assertThat(scorer.update(state, 27.0, BASELINE)).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void smoothingSpreadsASpikeOverTheFollowingFramesOnly() {
        LiveScorer scorer = new LiveScorer(0.0, 0.0, 1.0);
        LiveScoreState state = new LiveScoreState();
        assertThat(scorer.update(state, 30.0, BASELINE)).isEqualTo(0.0);
        double spike = scorer.update(state, 24.0, BASELINE);       // raw 1.0
        double after = scorer.update(state, 30.0, BASELINE);
        // weights 1, e^-1/2, e^-2, e^-9/2 for 0..3 frames back
        assertThat(spike).isCloseTo(1.0 / (1 + Math.exp(-0.5)), within(1e-9));
        assertThat(after).isCloseTo(Math.exp(-0.5) / (1 + Math.exp(-0.5) + Math.exp(-2)), within(1e-9));
    }

    @Test
    void theReferenceRisesQuicklyToABetterPictureAndBarelyFollowsAnAnomaly() {
        LiveScorer scorer = LiveScorer.defaults();
        LiveScoreState state = new LiveScoreState();
        scorer.update(state, 30.0, BASELINE);
        for (int i = 0; i < 30; i++) {
            scorer.update(state, 36.0, BASELINE);                  // a sharper camera than the first frame said
        }
        assertThat(state.referencePsnr).isCloseTo(36.0, within(0.01));
        double during = 0;
        for (int i = 0; i < 40; i++) {
            during = scorer.update(state, 30.0, BASELINE);         // 4 s of an anomaly, 6 sigma below
        }
        assertThat(during).as("still flagged after 40 frames").isGreaterThan(0.75);
        assertThat(state.referencePsnr).isGreaterThan(34.5);
    }

    @Test
    void aCalibratedAlarmGapScoresHalfAndTwiceItScoresOne() {
        LiveScorer scorer = new LiveScorer(0.0, 0.0, 0.0);
        NormalBaseline calibrated = new NormalBaseline(30.0, 1.0, 2.0);
        LiveScoreState state = new LiveScoreState();
        scorer.update(state, 30.0, calibrated);
        assertThat(scorer.update(state, 28.0, calibrated)).isCloseTo(0.5, within(1e-9));
        assertThat(scorer.update(state, 29.0, calibrated)).isCloseTo(0.25, within(1e-9));
        assertThat(scorer.update(state, 26.0, calibrated)).isEqualTo(1.0);
    }

    @Test
    void theAlarmGapIsTheGapNormalFramesReachOnlyOnceInAThousand() {
        LiveScorer scorer = new LiveScorer(0.0, 0.0, 0.0);       // reference fixed at each video's first frame
        double[] video = new double[2001];
        video[0] = 40.0;
        for (int i = 1; i < video.length; i++) {
            video[i] = 40.0 - 3.0 * i / 2000;                    // gaps 0.0015 .. 3.0 dB, evenly
        }
        NormalBaseline baseline = NormalBaseline.of(java.util.List.of(video), scorer);
        // the 99.9% quantile of 2001 gaps is the 1999th smallest: 3.0 * 1998 / 2000
        assertThat(baseline.alarmGapDb()).isCloseTo(2.997, within(1e-9));
        assertThat(baseline.meanPsnr()).isCloseTo(38.5, within(0.01));
        assertThat(baseline.fullScaleGapDb()).isCloseTo(5.994, within(1e-9));
    }

    @Test
    void aModelThatPredictsItsTrainingFramesPerfectlyStillGetsAMinimumAlarmGap() {
        double[] flat = new double[100];
        java.util.Arrays.fill(flat, 45.0);
        NormalBaseline baseline = NormalBaseline.of(java.util.List.of(flat), LiveScorer.defaults());
        assertThat(baseline.alarmGapDb()).isEqualTo(NormalBaseline.MIN_ALARM_GAP_DB);
    }

    @Test
    void modelsCalibratedBeforeTheAlarmGapKeepSixSigmaFullScale() {
        assertThat(new NormalBaseline(30.0, 1.5).fullScaleGapDb()).isCloseTo(9.0, within(1e-9));
    }
}
