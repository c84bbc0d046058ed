package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveScorerTest {

    private static final NormalBaseline BASELINE = new NormalBaseline(30.0, 1.0);

    @Test
    void aFrameAsGoodAsNormalScoresZeroAndOneSixSigmaWorseScoresOne() {
        LiveScorer scorer = new LiveScorer(6.0, 0.0, 2.0, 0.0); // no adaptation, no smoothing
        LiveScoreState state = new LiveScoreState();
        assertThat(scorer.update(state, 31.0, BASELINE)).isEqualTo(0.0);
        assertThat(scorer.update(state, 27.0, BASELINE)).isCloseTo(0.5, within(1e-9));
        assertThat(scorer.update(state, 20.0, BASELINE)).isEqualTo(1.0);
    }

    @Test
    void smoothingSpreadsASpikeOverTheFollowingFramesOnly() {
        LiveScorer scorer = new LiveScorer(6.0, 0.0, 2.0, 1.0);
        LiveScoreState state = new LiveScoreState();
        assertThat(scorer.update(state, 30.0, BASELINE)).isEqualTo(0.0);
        double spike = scorer.update(state, 24.0, BASELINE);       // raw 1.0
        double after = scorer.update(state, 30.0, BASELINE);
        // weights 1, e^-1/2, e^-2, e^-9/2 for 0..3 frames back
        assertThat(spike).isCloseTo(1.0 / (1 + Math.exp(-0.5)), within(1e-9));
        assertThat(after).isCloseTo(Math.exp(-0.5) / (1 + Math.exp(-0.5) + Math.exp(-2)), within(1e-9));
    }

    @Test
    void theCameraBaselineSettlesOnItsOwnNormalAndAnAnomalyBarelyMovesIt() {
        LiveScorer scorer = new LiveScorer(6.0, 0.1, 2.0, 0.0);
        LiveScoreState state = new LiveScoreState();
        for (int i = 0; i < 400; i++) {
            scorer.update(state, 27.0 + (i % 2) * 0.5, BASELINE);  // this camera's normal: 27 to 27.5 dB
        }
        assertThat(state.meanPsnr).isCloseTo(27.25, within(0.3));
        assertThat(scorer.update(state, 27.25, BASELINE)).isLessThan(0.1);
        double meanBefore = state.meanPsnr;
        scorer.update(state, 10.0, BASELINE);                      // far below: an anomaly
        assertThat(meanBefore - state.meanPsnr).as("moved at a tenth of the rate").isCloseTo(0.01 * (meanBefore - 10.0), within(0.02));
    }
}
