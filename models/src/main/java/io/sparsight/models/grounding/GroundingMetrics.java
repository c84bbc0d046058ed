package io.sparsight.models.grounding;

import java.util.List;

/**
 * The temporal-grounding metrics of the literature: recall at 1 at an IoU threshold (a query counts as found when
 * the top prediction's IoU with the ground truth is strictly above the threshold, as in the TVP reference code) and
 * mean IoU, both in percent.
 */
public final class GroundingMetrics {

    private GroundingMetrics() {}

    /** R@1 at IoU {@code threshold}, in percent. */
    public static double recallAt1(List<Moment> predicted, List<Moment> truth, double threshold) {
        check(predicted, truth);
        long hits = 0;
        for (int i = 0; i < truth.size(); i++) {
            if (predicted.get(i).iou(truth.get(i)) > threshold) {
                hits++;
            }
        }
        return 100.0 * hits / truth.size();
    }

    /** Mean IoU, in percent. */
    public static double meanIou(List<Moment> predicted, List<Moment> truth) {
        check(predicted, truth);
        double sum = 0;
        for (int i = 0; i < truth.size(); i++) {
            sum += predicted.get(i).iou(truth.get(i));
        }
        return 100.0 * sum / truth.size();
    }

    private static void check(List<Moment> predicted, List<Moment> truth) {
        if (predicted.size() != truth.size() || truth.isEmpty()) {
            throw new IllegalArgumentException("need one prediction per query and at least one query, got "
                    + predicted.size() + " predictions for " + truth.size() + " queries");
        }
    }
}
