package io.sparsight.models.diffusion;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.RocAuc;
import io.sparsight.models.anomaly.WeightedFusion;
import io.sparsight.models.runtime.ModelManifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the video DiT's prediction error becomes an anomaly score and joins the frame predictor's: which PSNR is the
 * score (whole frame, or the worst {@link io.sparsight.models.anomaly.AnomalyModel#REGION} window) and the weight of
 * that score in the fused one ({@code weight * diffusion + (1 - weight) * predictor}, both normalised per video).
 *
 * <p>{@link #choose} picks both on labelled videos that hold no test label: {@link
 * io.sparsight.models.anomaly.PseudoAnomalies} made from the training footage. The rule is written into model.json
 * ({@code calibration.fusion}) by {@code calibrate diffusion} and read by {@code eval diffusion}; a model without
 * one takes {@link #UNCHOSEN}, the mean of the two whole-frame scores.
 */
public record FusionRule(Score score, double weight) {

    /** Which PSNR of a prediction makes the score. */
    public enum Score {
        FRAME, REGION;

        public double[] of(AnomalyEvaluation.VideoScores video) {
            return this == FRAME ? video.scores() : video.regionScores();
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rule of a model calibrated before rules were chosen: the mean of the two whole-frame scores. */
    public static final FusionRule UNCHOSEN = new FusionRule(Score.FRAME, 0.5);

    /** The manifest key under {@code calibration}. */
    public static final String KEY = "fusion";

    public FusionRule {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("a fusion weight is between 0 and 1, got " + weight);
        }
    }

    /** The fused score of a video, frame by frame, from its diffusion and frame-predictor scores. */
    public double[] fused(AnomalyEvaluation.VideoScores diffusion, AnomalyEvaluation.VideoScores predictor) {
        return WeightedFusion.fused(score.of(diffusion), predictor.scores(), weight);
    }

    /** Micro AUC in percent of {@code score} alone on labelled videos. */
    public static double microAuc(Score score, List<AnomalyEvaluation.VideoScores> diffusion, List<boolean[]> labels) {
        return 100 * RocAuc.of(AnomalyEvaluation.concatScores(scores(score, diffusion)),
                AnomalyEvaluation.concatFlags(labels));
    }

    /** Micro AUC in percent of this rule's fused score on labelled videos. */
    public double fusedMicroAuc(List<AnomalyEvaluation.VideoScores> diffusion,
            List<AnomalyEvaluation.VideoScores> predictor, List<boolean[]> labels) {
        return WeightedFusion.microAuc(scores(score, diffusion), scores(Score.FRAME, predictor), weight, labels);
    }

    private static List<double[]> scores(Score score, List<AnomalyEvaluation.VideoScores> videos) {
        List<double[]> scores = new ArrayList<>(videos.size());
        videos.forEach(video -> scores.add(score.of(video)));
        return scores;
    }

    /** What {@link #choose} found: the rule and the AUCs it was chosen by. */
    public record Choice(FusionRule rule, Map<Score, Double> aloneAuc, Map<Double, Double> fusedAucByWeight) {}

    /**
     * The score with the higher micro AUC alone (whole frame on a tie), then the weight whose fused score has the
     * highest micro AUC, on labelled videos (video {@code v} of both lists is labelled by {@code labels.get(v)}).
     */
    public static Choice choose(List<AnomalyEvaluation.VideoScores> diffusion,
            List<AnomalyEvaluation.VideoScores> predictor, List<boolean[]> labels) {
        Map<Score, Double> alone = new LinkedHashMap<>();
        for (Score score : Score.values()) {
            alone.put(score, microAuc(score, diffusion, labels));
        }
        Score best = alone.get(Score.REGION) > alone.get(Score.FRAME) ? Score.REGION : Score.FRAME;
        WeightedFusion.Choice weight = WeightedFusion.choose(scores(best, diffusion), scores(Score.FRAME, predictor),
                labels);
        return new Choice(new FusionRule(best, weight.weight()), alone, weight.aucByWeight());
    }

    /** Writes the rule into a manifest's calibration, with how it was chosen. */
    public void writeTo(ModelManifest manifest, Map<String, Object> how) {
        Map<String, Object> fusion = new LinkedHashMap<>();
        fusion.put("score", score.key());
        fusion.put("weight", weight);
        fusion.putAll(how);
        manifest.calibration.put(KEY, fusion);
    }

    /** The rule in a manifest, or {@link #UNCHOSEN} where it has none. */
    public static FusionRule of(ModelManifest manifest) {
        if (!(manifest.calibration.get(KEY) instanceof Map<?, ?> fusion)) {
            return UNCHOSEN;
        }
        if (!(fusion.get("score") instanceof String score) || !(fusion.get("weight") instanceof Number weight)) {
            throw new IllegalArgumentException("model.json calibration.fusion needs a 'score' (frame or region) and a"
                    + " 'weight', got " + fusion);
        }
        try {
            return new FusionRule(Score.valueOf(score.toUpperCase(Locale.ROOT)), weight.doubleValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.json calibration.fusion: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s score, weight %.1f beside the frame predictor's", score.key(), weight);
    }
}
