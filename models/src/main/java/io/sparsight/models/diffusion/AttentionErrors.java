package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * The search's measurements: while the dense model samples the calibration clips, every attention call of every
 * layer is also run with each candidate pattern, and the mean squared error of each head's output against the dense
 * output is accumulated ({@code mse()[layer][head][pattern.ordinal()]}, as {@link PlanSearch#choose} takes it).
 */
public final class AttentionErrors {

    private final int frames;
    private final int patches;
    private final double[][][] sums;
    private final long[][] counts;

    public AttentionErrors(int layers, int heads, int frames, int patches) {
        this.frames = frames;
        this.patches = patches;
        this.sums = new double[layers][heads][AttentionPattern.values().length];
        this.counts = new long[layers][heads];
    }

    /** What {@link PatternedAttention} of {@code layer} calls with each call's {@code q, k, v} {@code (B, H, N, D)}. */
    public PatternedAttention.Probe probe(int layer) {
        return (q, k, v) -> observe(layer, q, k, v);
    }

    void observe(int layer, NDArray q, NDArray k, NDArray v) {
        try (NDManager scratch = q.getManager().newSubManager()) {
            NDArray qs = AttentionPatternSearch.inScratch(q, scratch);
            NDArray ks = AttentionPatternSearch.inScratch(k, scratch);
            NDArray vs = AttentionPatternSearch.inScratch(v, scratch);
            NDArray dense = AttentionPattern.DENSE.attend(qs, ks, vs, frames, patches);
            int heads = sums[layer].length;
            for (AttentionPattern pattern : AttentionPattern.values()) {
                NDArray out = pattern == AttentionPattern.DENSE ? dense : pattern.attend(qs, ks, vs, frames, patches);
                for (int h = 0; h < heads; h++) {
                    NDIndex head = new NDIndex(":, {}", h);
                    sums[layer][h][pattern.ordinal()] += out.get(head).sub(dense.get(head)).square().mean().getFloat();
                }
            }
            for (int h = 0; h < heads; h++) {
                counts[layer][h]++;
            }
        }
    }

    /** The mean squared error of every layer's every head under every pattern, over the calls seen. */
    public double[][][] mse() {
        double[][][] mse = new double[sums.length][][];
        for (int l = 0; l < sums.length; l++) {
            mse[l] = new double[sums[l].length][];
            for (int h = 0; h < sums[l].length; h++) {
                mse[l][h] = sums[l][h].clone();
                for (int p = 0; p < mse[l][h].length; p++) {
                    mse[l][h][p] /= Math.max(1, counts[l][h]);
                }
            }
        }
        return mse;
    }

    /** Attention calls seen per layer. */
    public long calls(int layer) {
        return counts[layer][0];
    }
}
