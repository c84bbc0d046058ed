package io.sparsight.models.diffusion;

import java.util.Map;

/**
 * Sparse-vDiT's choice of a pattern per layer and head, from measurements: for every candidate pattern i, the mean
 * squared error of its output against the dense output over the calibration inputs and sampling steps, and its
 * cost {@code c_i = MSE_i + lambda * (1 - S_i)}, where {@code 1 - S_i} is the share of the dense work the pattern
 * still does: its measured latency against dense attention's on this machine when given (hardware-aware), else its
 * density. A head stays dense when every candidate costs more than {@code epsilon}; otherwise it takes the cheapest.
 */
public final class PlanSearch {

    private final double lambda;
    private final double epsilon;

    public PlanSearch(double lambda, double epsilon) {
        if (lambda < 0 || epsilon < 0) {
            throw new IllegalArgumentException("lambda and epsilon must be >= 0");
        }
        this.lambda = lambda;
        this.epsilon = epsilon;
    }

    /**
     * @param mse {@code mse[layer][head][pattern.ordinal()]}: each candidate's error against dense (dense's is 0)
     * @param work each pattern's share of dense attention's work (latency ratio, or density), dense 1
     */
    public AttentionPlan choose(double[][][] mse, Map<AttentionPattern, Double> work) {
        AttentionPattern[][] plan = new AttentionPattern[mse.length][];
        for (int l = 0; l < mse.length; l++) {
            plan[l] = new AttentionPattern[mse[l].length];
            for (int h = 0; h < mse[l].length; h++) {
                plan[l][h] = chooseHead(mse[l][h], work);
            }
        }
        return new AttentionPlan(plan);
    }

    /** The cost of one candidate. */
    public double cost(double mse, double work) {
        return mse + lambda * work;
    }

    private AttentionPattern chooseHead(double[] mse, Map<AttentionPattern, Double> work) {
        AttentionPattern best = AttentionPattern.DENSE;
        double bestCost = Double.POSITIVE_INFINITY;
        for (AttentionPattern candidate : AttentionPattern.values()) {
            if (candidate == AttentionPattern.DENSE || !work.containsKey(candidate)) {
                continue;
            }
            double c = cost(mse[candidate.ordinal()], work.get(candidate));
            if (c <= epsilon && c < bestCost) {
                best = candidate;
                bestCost = c;
            }
        }
        return best;
    }
}
