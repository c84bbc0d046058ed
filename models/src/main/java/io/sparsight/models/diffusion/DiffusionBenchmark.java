package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Sparse-vDiT's search and measurement on one video DiT: the plan searched on calibration inputs (each head's error
 * under every pattern while the dense network samples, {@link AttentionErrors}; each pattern's work as its latency
 * against dense attention on this machine, {@link AttentionBenchmark}; {@link PlanSearch}), then the same network,
 * seed, inputs and sampler with dense attention and with the plan: sampling time, attention FLOPs, PSNR and SSIM of
 * the sparse output against the dense one, and attention's share of a dense sampling step (the time that goes when
 * every head is skipped).
 */
public final class DiffusionBenchmark {

    /** What {@code bench diffusion} prints (its JSON keys). */
    public record Result(double denseMs, double sparseMs, double attentionFlopsRatio, double psnrDb, double ssim,
            double attentionShare, AttentionPlan plan) {

        public double speedup() {
            return denseMs / sparseMs;
        }
    }

    private DiffusionBenchmark() {}

    /** The plan for {@code dense}, searched on {@code condition (B, M, H, W)} in [-1, 1]. */
    public static AttentionPlan search(VideoDitBlock dense, NDArray condition, FlowSampler sampler, double lambda,
            double epsilon, long seed) {
        VideoDitBlock.Hyperparameters hp = dense.hyperparameters();
        AttentionErrors errors = new AttentionErrors(hp.layers(), hp.heads(), hp.frames(), hp.patchesPerFrame());
        dense.setProbes(errors::probe);
        try {
            sampler.sample(dense, new ParameterStore(condition.getManager(), false), condition, seed);
        } finally {
            dense.setProbes(null);
        }
        AttentionBenchmark.Result latency = AttentionBenchmark.run(hp.frames(), hp.patchesPerFrame(), hp.heads(),
                hp.dim() / hp.heads(), 5);
        Map<AttentionPattern, Double> work = new EnumMap<>(AttentionPattern.class);
        for (AttentionPattern pattern : AttentionPattern.values()) {
            work.put(pattern, latency.millis().get(pattern) / latency.millis().get(AttentionPattern.DENSE));
        }
        work.put(AttentionPattern.SKIP, 0.0); // a skipped head does no attention work (its zeros are bookkeeping)
        return new PlanSearch(lambda, epsilon).choose(errors.mse(), work);
    }

    /**
     * Times {@code dense} and the same weights under {@code plan} (and with every head skipped), {@code runs} times
     * each, alternating; compares their outputs for the same seed.
     */
    public static Result measure(VideoDitBlock dense, AttentionPlan plan, NDArray condition, FlowSampler sampler,
            long seed, int runs) {
        VideoDitBlock.Hyperparameters hp = dense.hyperparameters();
        NDManager manager = condition.getManager();
        VideoDitBlock sparse = sameWeights(dense, new VideoDitBlock(hp, plan), condition);
        AttentionPattern[][] none = new AttentionPattern[hp.layers()][hp.heads()];
        for (AttentionPattern[] layer : none) {
            Arrays.fill(layer, AttentionPattern.SKIP);
        }
        VideoDitBlock noAttention = sameWeights(dense, new VideoDitBlock(hp, none), condition);
        ParameterStore store = new ParameterStore(manager, false);
        double[] denseMs = new double[runs];
        double[] sparseMs = new double[runs];
        double[] skipMs = new double[runs];
        NDArray denseOut = null;
        NDArray sparseOut = null;
        for (int i = 0; i < runs + 1; i++) { // the first round warms up
            long start = System.nanoTime();
            denseOut = sampler.sample(dense, store, condition, seed);
            denseOut.toFloatArray();
            long mid = System.nanoTime();
            sparseOut = sampler.sample(sparse, store, condition, seed);
            sparseOut.toFloatArray();
            long end = System.nanoTime();
            sampler.sample(noAttention, store, condition, seed).toFloatArray();
            long last = System.nanoTime();
            if (i > 0) {
                denseMs[i - 1] = (mid - start) / 1e6;
                sparseMs[i - 1] = (end - mid) / 1e6;
                skipMs[i - 1] = (last - end) / 1e6;
            }
        }
        double dense50 = median(denseMs);
        double density = plan.density(hp.frames(), hp.patchesPerFrame());
        return new Result(dense50, median(sparseMs), density == 0 ? Double.POSITIVE_INFINITY : 1 / density,
                psnr(denseOut, sparseOut), ssim(denseOut, sparseOut),
                Math.max(0, (dense50 - median(skipMs)) / dense50), plan);
    }

    /** {@code target}, initialised for the inputs of {@code condition}, with {@code source}'s parameter values. */
    static VideoDitBlock sameWeights(VideoDitBlock source, VideoDitBlock target, NDArray condition) {
        VideoDitBlock.Hyperparameters hp = source.hyperparameters();
        long b = condition.getShape().get(0);
        target.initialize(condition.getManager(), DataType.FLOAT32, condition.getShape(),
                new Shape(b, hp.targetFrames(), hp.height(), hp.width()), new Shape(b));
        Iterator<Pair<String, Parameter>> from = source.getParameters().iterator();
        for (Pair<String, Parameter> to : target.getParameters()) {
            Pair<String, Parameter> p = from.next();
            if (!p.getKey().equals(to.getKey())) {
                throw new IllegalStateException("parameters differ: " + p.getKey() + " and " + to.getKey());
            }
            to.getValue().getArray().set(p.getValue().getArray().toFloatArray());
        }
        return target;
    }

    /** PSNR of {@code b} against {@code a}, both in [-1, 1], on the [0, 1] scale. */
    static double psnr(NDArray a, NDArray b) {
        double mse = a.sub(b).div(2).square().mean().getFloat();
        return mse <= 0 ? 100 : Math.min(100, 10 * Math.log10(1 / mse));
    }

    /** SSIM of the two outputs, each frame as one window (global statistics), on the [0, 1] scale, averaged. */
    static double ssim(NDArray a, NDArray b) {
        float[] x = a.add(1).div(2).toFloatArray();
        float[] y = b.add(1).div(2).toFloatArray();
        Shape s = a.getShape();
        int pixels = (int) (s.get(s.dimension() - 1) * s.get(s.dimension() - 2));
        double c1 = 0.01 * 0.01;
        double c2 = 0.03 * 0.03;
        double sum = 0;
        int frames = x.length / pixels;
        for (int f = 0; f < frames; f++) {
            double mx = 0;
            double my = 0;
            for (int i = f * pixels; i < (f + 1) * pixels; i++) {
                mx += x[i];
                my += y[i];
            }
            mx /= pixels;
            my /= pixels;
            double vx = 0;
            double vy = 0;
            double cov = 0;
            for (int i = f * pixels; i < (f + 1) * pixels; i++) {
                vx += (x[i] - mx) * (x[i] - mx);
                vy += (y[i] - my) * (y[i] - my);
                cov += (x[i] - mx) * (y[i] - my);
            }
            vx /= pixels - 1;
            vy /= pixels - 1;
            cov /= pixels - 1;
            sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
        }
        return sum / frames;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
