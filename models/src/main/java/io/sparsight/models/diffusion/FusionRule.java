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
import java.util.TreeSet;

/**
 * How the video DiT's prediction error becomes an anomaly score and joins the frame predictor's: how many samples
 * of each prediction it takes ({@code samples}; more than one: the error in units of their spread, {@link
 * DiffusionEvaluation#score(DiffusionModel, io.sparsight.models.anomaly.FrameSequence, int, long, int, int)}), which
 * PSNR is the score (whole frame, or the worst {@link io.sparsight.models.anomaly.AnomalyModel#REGION} window) and
 * the weight of that score in the fused one ({@code weight * diffusion + (1 - weight) * predictor}, both normalised
 * per video).
 *
 * <p>{@link #choose} picks them on labelled videos that hold no test label: {@link
 * io.sparsight.models.anomaly.PseudoAnomalies} made from the training footage. The rule is written into model.json
 * ({@code calibration.fusion}) by {@code calibrate diffusion} and read by {@code eval diffusion}; a model without
 * one takes {@link #UNCHOSEN}, the mean of the two whole-frame scores of one sample.
 */
public record FusionRule(Score score, int samples, double weight) {

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
    public static final FusionRule UNCHOSEN = new FusionRule(Score.FRAME, 1, 0.5);

    /** The samples a prediction {@code calibrate diffusion} tries: the sample's own error, or 4 samples' spread. */
    public static final int[] SAMPLES = {1, 4};

    /** The manifest key under {@code calibration}. */
    public static final String KEY = "fusion";

    public FusionRule {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("a fusion weight is between 0 and 1, got " + weight);
        }
        if (samples < 1) {
            throw new IllegalArgumentException("a score takes at least one sample a prediction, got " + samples);
        }
    }

    /** The fused score of a video, frame by frame, from its diffusion (of {@link #samples}) and predictor scores. */
    public double[] fused(AnomalyEvaluation.VideoScores diffusion, AnomalyEvaluation.VideoScores predictor) {
        return WeightedFusion.fused(score.of(diffusion), predictor.scores(), weight);
    }

    /** Micro AUC in percent of {@code score} alone on labelled videos. */
    public static double microAuc(Score score, List<AnomalyEvaluation.VideoScores> diffusion, List<boolean[]> labels) {
        return 100 * RocAuc.of(AnomalyEvaluation.concatScores(scores(score, diffusion)),
                AnomalyEvaluation.concatFlags(labels));
    }

    /** Micro AUC in percent of this rule's fused score on labelled videos (diffusion scores of {@link #samples}). */
    public double fusedMicroAuc(List<AnomalyEvaluation.VideoScores> diffusion,
            List<AnomalyEvaluation.VideoScores> predictor, List<boolean[]> labels) {
        return WeightedFusion.microAuc(scores(score, diffusion), scores(Score.FRAME, predictor), weight, labels);
    }

    private static List<double[]> scores(Score score, List<AnomalyEvaluation.VideoScores> videos) {
        List<double[]> scores = new ArrayList<>(videos.size());
        videos.forEach(video -> scores.add(score.of(video)));
        return scores;
    }

    /** What {@link #choose} found: the rule and the AUCs it was chosen by ("frame, 1 sample" and so on). */
    public record Choice(FusionRule rule, Map<String, Double> aloneAuc, Map<Double, Double> fusedAucByWeight) {}

    /**
     * The number of samples and score with the highest micro AUC alone (fewer samples, then whole frame, on a tie),
     * then the weight whose fused score has the highest micro AUC, on labelled videos: {@code diffusion.get(n)} are
     * the videos' diffusion scores of n samples a prediction; video {@code v} of every list is labelled by {@code
     * labels.get(v)}.
     */
    public static Choice choose(Map<Integer, List<AnomalyEvaluation.VideoScores>> diffusion,
            List<AnomalyEvaluation.VideoScores> predictor, List<boolean[]> labels) {
        Map<String, Double> alone = new LinkedHashMap<>();
        Score bestScore = null;
        int bestSamples = 0;
        double bestAuc = Double.NEGATIVE_INFINITY;
        for (int samples : new TreeSet<>(diffusion.keySet())) {
            for (Score score : Score.values()) {
                double auc = microAuc(score, diffusion.get(samples), labels);
                alone.put(describe(score, samples), auc);
                if (auc > bestAuc) {
                    bestScore = score;
                    bestSamples = samples;
                    bestAuc = auc;
                }
            }
        }
        WeightedFusion.Choice weight = WeightedFusion.choose(scores(bestScore, diffusion.get(bestSamples)),
                scores(Score.FRAME, predictor), labels);
        return new Choice(new FusionRule(bestScore, bestSamples, weight.weight()), alone, weight.aucByWeight());
    }

    private static String describe(Score score, int samples) {
        return score.key() + ", " + samples + (samples == 1 ? " sample" : " samples' spread");
    }

    /** Writes the rule into a manifest's calibration, with how it was chosen. */
    public void writeTo(ModelManifest manifest, Map<String, Object> how) {
        Map<String, Object> fusion = new LinkedHashMap<>();
        fusion.put("score", score.key());
        fusion.put("samples", samples);
        fusion.put("weight", weight);
        fusion.putAll(how);
        manifest.calibration.put(KEY, fusion);
    }

    /** The rule in a manifest, or {@link #UNCHOSEN} where it has none; one sample where it names none. */
    public static FusionRule of(ModelManifest manifest) {
        if (!(manifest.calibration.get(KEY) instanceof Map<?, ?> fusion)) {
            return UNCHOSEN;
        }
        if (!(fusion.get("score") instanceof String score) || !(fusion.get("weight") instanceof Number weight)) {
            throw new IllegalArgumentException("model.json calibration.fusion needs a 'score' (frame or region) and a"
                    + " 'weight', got " + fusion);
        }
        Object samples = fusion.get("samples");
        try {
            return new FusionRule(Score.valueOf(score.toUpperCase(Locale.ROOT)),
                    samples instanceof Number n ? n.intValue() : 1, weight.doubleValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.json calibration.fusion: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s score of %s, weight %.1f beside the frame predictor's", score.key(),
                samples == 1 ? "1 sample" : samples + " samples' spread", weight);
    }
}
