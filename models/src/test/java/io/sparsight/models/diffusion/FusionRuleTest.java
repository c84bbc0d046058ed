package io.sparsight.models.diffusion;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.runtime.ModelManifest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FusionRuleTest {

    private static final boolean[] LABELS = {false, false, false, false, false, false, true, true, true, false,
        false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false,
        false, false, false, false};

    /** PSNRs dipping by {@code dip} dB over the frames labelled abnormal, and by {@code falseDip} over frames 20-22. */
    private static double[] psnrs(double dip, double falseDip) {
        double[] psnr = new double[LABELS.length];
        for (int i = 0; i < psnr.length; i++) {
            psnr[i] = 30 - (LABELS[i] ? dip : 0) - (i >= 20 && i <= 22 ? falseDip : 0);
        }
        return psnr;
    }

    @Test
    void theScoreThatSeparatesBetterIsChosenAndTheWeightThatFusesBest() {
        // the whole frame dips less on the anomaly than on a false alarm; the worst region sees the anomaly only
        AnomalyEvaluation.VideoScores diffusion = new AnomalyEvaluation.VideoScores("v", psnrs(2, 3), psnrs(4, 0));
        // the frame predictor dips on the anomaly and, more, on another false alarm
        double[] predictor = psnrs(2, 0);
        predictor[2] -= 5;
        AnomalyEvaluation.VideoScores frame = new AnomalyEvaluation.VideoScores("v", predictor, predictor);

        FusionRule.Choice choice = FusionRule.choose(Map.of(1, List.of(diffusion)), List.of(frame), List.of(LABELS));

        assertThat(choice.rule().score()).isEqualTo(FusionRule.Score.REGION);
        assertThat(choice.rule().samples()).isEqualTo(1);
        assertThat(choice.aloneAuc().get("region, 1 sample")).isGreaterThan(choice.aloneAuc().get("frame, 1 sample"));
        assertThat(choice.rule().weight()).isPositive();
        double best = choice.fusedAucByWeight().get(choice.rule().weight());
        assertThat(choice.fusedAucByWeight().values()).allSatisfy(auc -> assertThat(auc).isLessThanOrEqualTo(best));
        assertThat(best).isGreaterThan(choice.fusedAucByWeight().get(0.0));
    }

    @Test
    void theSamplesWhoseScoreSeparatesBestAreChosenAndFewerOnATie() {
        AnomalyEvaluation.VideoScores oneSample = new AnomalyEvaluation.VideoScores("v", psnrs(2, 3), psnrs(2, 3));
        AnomalyEvaluation.VideoScores spread = new AnomalyEvaluation.VideoScores("v", psnrs(4, 1), psnrs(2, 3));
        AnomalyEvaluation.VideoScores frame = new AnomalyEvaluation.VideoScores("v", psnrs(2, 0), psnrs(2, 0));

        FusionRule.Choice choice = FusionRule.choose(Map.of(1, List.of(oneSample), 4, List.of(spread)),
                List.of(frame), List.of(LABELS));
        FusionRule.Choice tie = FusionRule.choose(Map.of(4, List.of(oneSample), 1, List.of(oneSample)),
                List.of(frame), List.of(LABELS));

        assertThat(choice.rule().samples()).isEqualTo(4);
        assertThat(choice.rule().score()).isEqualTo(FusionRule.Score.FRAME);
        assertThat(choice.aloneAuc()).containsOnlyKeys("frame, 1 sample", "region, 1 sample", "frame, 4 samples' spread",
                "region, 4 samples' spread");
        assertThat(tie.rule().samples()).isEqualTo(1);
    }

    @Test
    void theFusedScoreWeighsTheTwoScores() {
        AnomalyEvaluation.VideoScores diffusion = new AnomalyEvaluation.VideoScores("v", psnrs(2, 0), psnrs(2, 0));
        AnomalyEvaluation.VideoScores frame = new AnomalyEvaluation.VideoScores("v", psnrs(0, 2), psnrs(0, 2));

        double[] fused = new FusionRule(FusionRule.Score.FRAME, 1, 0.3).fused(diffusion, frame);

        for (int i = 0; i < fused.length; i++) {
            assertThat(fused[i]).isCloseTo(0.3 * diffusion.scores()[i] + 0.7 * frame.scores()[i],
                    org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void theRuleRoundTripsThroughTheManifestAndAModelWithoutOneTakesTheMean() {
        ModelManifest manifest = new ModelManifest();
        assertThat(FusionRule.of(manifest)).isEqualTo(FusionRule.UNCHOSEN);

        new FusionRule(FusionRule.Score.REGION, 4, 0.2).writeTo(manifest, Map.of("chosenOn", "test"));

        assertThat(FusionRule.of(manifest)).isEqualTo(new FusionRule(FusionRule.Score.REGION, 4, 0.2));
        assertThat(manifest.calibration.get(FusionRule.KEY).toString()).contains("chosenOn=test");
        manifest.calibration.put(FusionRule.KEY, Map.of("score", "frame", "weight", 0.3));
        assertThat(FusionRule.of(manifest)).as("a rule from before samples").isEqualTo(
                new FusionRule(FusionRule.Score.FRAME, 1, 0.3));
    }

    @Test
    void aBrokenRuleIsRefusedWithWhatIsWrong() {
        ModelManifest manifest = new ModelManifest();
        manifest.calibration.put(FusionRule.KEY, Map.of("score", "pixels", "weight", 0.5));
        assertThatThrownBy(() -> FusionRule.of(manifest)).hasMessageContaining("calibration.fusion");
        assertThatThrownBy(() -> new FusionRule(FusionRule.Score.FRAME, 1, 1.5)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new FusionRule(FusionRule.Score.FRAME, 0, 0.5)).hasMessageContaining("one sample");
    }
}
