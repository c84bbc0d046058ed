package io.sparsight.models.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two anomaly scores of the same frames joined as {@code weight * a + (1 - weight) * b}, and the weight chosen on
 * labelled videos (which must hold no test label: {@link PseudoAnomalies}) as the one whose fused score has the
 * highest frame-level micro AUC.
 */
public final class WeightedFusion {

    /** The weights {@link #choose} tries, in this order (the first of equal AUCs wins). */
    public static final double[] WEIGHTS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

    private WeightedFusion() {}

    /** {@code weightOfA * a + (1 - weightOfA) * b}, frame by frame. */
    public static double[] fused(double[] a, double[] b, double weightOfA) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("scores of " + a.length + " and " + b.length + " frames cannot be fused");
        }
        if (!(weightOfA >= 0 && weightOfA <= 1)) {
            throw new IllegalArgumentException("a fusion weight is between 0 and 1, got " + weightOfA);
        }
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = weightOfA * a[i] + (1 - weightOfA) * b[i];
        }
        return out;
    }

    /** Micro AUC in percent of the fused scores of labelled videos (video {@code v} of each list alike). */
    public static double microAuc(List<double[]> a, List<double[]> b, double weightOfA, List<boolean[]> labels) {
        List<double[]> fused = new ArrayList<>(a.size());
        for (int v = 0; v < a.size(); v++) {
            fused.add(fused(a.get(v), b.get(v), weightOfA));
        }
        return 100 * RocAuc.of(AnomalyEvaluation.concatScores(fused), AnomalyEvaluation.concatFlags(labels));
    }

    /** The chosen weight of {@code a} and the micro AUC of every weight tried. */
    public record Choice(double weight, Map<Double, Double> aucByWeight) {

        public double auc() {
            return aucByWeight.get(weight);
        }
    }

    /** The weight of {@code a} (of {@link #WEIGHTS}) whose fused score has the highest micro AUC on the videos. */
    public static Choice choose(List<double[]> a, List<double[]> b, List<boolean[]> labels) {
        Map<Double, Double> byWeight = new LinkedHashMap<>();
        double best = Double.NaN;
        for (double weight : WEIGHTS) {
            double auc = microAuc(a, b, weight, labels);
            byWeight.put(weight, auc);
            if (Double.isNaN(best) || auc > byWeight.get(best)) {
                best = weight;
            }
        }
        return new Choice(best, byWeight);
    }
}
