package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sparse-vDiT's offline search, for one attention layer: on calibration inputs, each head gets the sparsest
 * {@link AttentionPattern} whose output stays within {@code tolerance} of dense attention (relative error
 * {@code ||o_pattern - o_dense|| / ||o_dense||}), or {@link AttentionPattern#DENSE} when none does. The search runs
 * once after training; inference then runs each head's pattern.
 */
public final class AttentionPatternSearch {

    /** A head's choice and the relative error of every pattern tried on it (in {@link AttentionPattern} order). */
    public record HeadChoice(AttentionPattern pattern, double[] relativeErrors) {}

    private AttentionPatternSearch() {}

    /**
     * @param q queries {@code (B, H, T * P, D)} of calibration inputs; {@code k}, {@code v} alike
     * @param tolerance largest relative error a sparse pattern may add, e.g. 0.05
     * @return one choice per head
     */
    public static List<HeadChoice> choose(NDArray q, NDArray k, NDArray v, int frames, int patches, double tolerance) {
        List<HeadChoice> choices = new ArrayList<>();
        try (NDManager scratch = q.getManager().newSubManager()) {
            // copies in a scratch manager: every intermediate joins it (an op's result joins its first operand's
            // manager) and is freed at the end, not left in the caller's
            q = inScratch(q, scratch);
            k = inScratch(k, scratch);
            v = inScratch(v, scratch);
            NDArray dense = AttentionPattern.DENSE.attend(q, k, v, frames, patches);
            long heads = q.getShape().get(1);
            AttentionPattern[] patterns = AttentionPattern.values();
            double[][] errors = new double[(int) heads][patterns.length];
            for (AttentionPattern pattern : patterns) {
                NDArray out = pattern.attend(q, k, v, frames, patches);
                for (int h = 0; h < heads; h++) {
                    NDIndex head = new NDIndex(":, {}", h);
                    NDArray reference = dense.get(head);
                    errors[h][pattern.ordinal()] = out.get(head).sub(reference).norm().getFloat()
                            / Math.max(1e-12, reference.norm().getFloat());
                }
            }
            for (int h = 0; h < heads; h++) {
                double[] headErrors = errors[h];
                AttentionPattern best = List.of(patterns).stream()
                        .filter(p -> headErrors[p.ordinal()] <= tolerance)
                        .min(Comparator.comparingDouble(p -> p.density(frames, patches)))
                        .orElse(AttentionPattern.DENSE);
                choices.add(new HeadChoice(best, headErrors));
            }
        }
        return choices;
    }

    /** A copy of {@code x} owned by {@code scratch}. */
    static NDArray inScratch(NDArray x, NDManager scratch) {
        NDArray copy = x.duplicate();
        copy.attach(scratch);
        return copy;
    }
}
