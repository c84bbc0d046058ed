package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each {@link AttentionPattern} costs against dense attention, for one attention call over a video's token
 * grid (batch 1): the time of the scores, softmax and weighted sum, not the projections around them. Runs alternate
 * between the patterns so that machine load hits them alike; the median of the timed runs counts.
 */
public final class AttentionBenchmark {

    /** Median milliseconds per call, by pattern. */
    public record Result(int frames, int patches, int heads, int headDim, int runs,
            Map<AttentionPattern, Double> millis) {

        public double speedup(AttentionPattern pattern) {
            return millis.get(AttentionPattern.DENSE) / millis.get(pattern);
        }
    }

    private AttentionBenchmark() {}

    public static Result run(int frames, int patches, int heads, int headDim, int runs) {
        Shape shape = new Shape(1, heads, (long) frames * patches, headDim);
        Map<AttentionPattern, double[]> times = new EnumMap<>(AttentionPattern.class);
        for (AttentionPattern pattern : AttentionPattern.values()) {
            times.put(pattern, new double[runs]);
        }
        try (NDManager manager = OfflineRuntime.pytorch().newBaseManager()) {
            NDArray q = manager.randomNormal(shape);
            NDArray k = manager.randomNormal(shape);
            NDArray v = manager.randomNormal(shape);
            for (int warmUp = 0; warmUp < 2; warmUp++) {
                for (AttentionPattern pattern : AttentionPattern.values()) {
                    time(pattern, q, k, v, frames, patches);
                }
            }
            for (int i = 0; i < runs; i++) {
                for (AttentionPattern pattern : AttentionPattern.values()) {
                    times.get(pattern)[i] = time(pattern, q, k, v, frames, patches);
                }
            }
        }
        Map<AttentionPattern, Double> medians = new EnumMap<>(AttentionPattern.class);
        times.forEach((pattern, values) -> medians.put(pattern, median(values)));
        return new Result(frames, patches, heads, headDim, runs, medians);
    }

    private static double time(AttentionPattern pattern, NDArray q, NDArray k, NDArray v, int frames, int patches) {
        try (NDManager scratch = q.getManager().newSubManager()) {
            // copies in a scratch manager: every intermediate joins it (an op's result joins its first operand's
            // manager) and is freed when the call is timed
            NDArray qs = AttentionPatternSearch.inScratch(q, scratch);
            NDArray ks = AttentionPatternSearch.inScratch(k, scratch);
            NDArray vs = AttentionPatternSearch.inScratch(v, scratch);
            long start = System.nanoTime();
            pattern.attend(qs, ks, vs, frames, patches).get(0, 0, 0, 0).getFloat();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
