package io.sparsight.models.anomaly;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve of scores against binary labels (higher score = more likely positive), computed from
 * ranks (Mann-Whitney U) with ties counted half. The frame-level AUC of video anomaly detection.
 */
public final class RocAuc {

    private RocAuc() {}

    /** AUC in [0, 1]; needs at least one positive and one negative label. */
    public static double of(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1; // ranks from 1; ties share their average rank
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both positive and negative labels; got " + positives
                    + " positive and " + negatives + " negative");
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
