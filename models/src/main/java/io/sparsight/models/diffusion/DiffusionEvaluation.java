package io.sparsight.models.diffusion;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameScores;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frame-level evaluation of the video DiT as an anomaly detector, the way {@link AnomalyEvaluation} evaluates the
 * frame predictor: every {@link DiffusionModel#scoreStride()} frames, the next ones are predicted from the {@code
 * conditionFrames} before them (as a live camera is), and each frame's PSNR against its prediction is its score
 * (normalised per video and smoothed by {@link AnomalyEvaluation#normalised}). The first frames of a video, with
 * no full context, take the first predicted frame's PSNR.
 *
 * <p>How the score joins the frame predictor's is the model's {@link FusionRule}.
 */
public final class DiffusionEvaluation {

    private DiffusionEvaluation() {}

    /**
     * The PSNRs of every frame of a video (whole frame and worst {@link AnomalyModel#REGION} window), {@code batch}
     * predictions per model call; the sampler's seed of the prediction starting at frame t is {@code seed + t}.
     */
    public static AnomalyEvaluation.VideoScores score(DiffusionModel model, FrameSequence video, int batch, long seed) {
        return score(model, video, batch, seed, model.predictionSteps());
    }

    /** As {@link #score(DiffusionModel, FrameSequence, int, long)}, each prediction sampled in {@code steps} steps. */
    public static AnomalyEvaluation.VideoScores score(DiffusionModel model, FrameSequence video, int batch, long seed,
            int steps) {
        return score(model, video, batch, seed, steps, 1);
    }

    /**
     * The variance added to the spread of a pixel's samples before the error is divided by it: spreads below 0.01 of
     * the pixel range count as 0.01. Chosen on pseudo-anomalies of the training footage (1e-4 against 1e-3 and 1).
     */
    public static final double SPREAD_FLOOR = 1e-4;

    /**
     * As {@link #score(DiffusionModel, FrameSequence, int, long, int)} with {@code samples} predictions of each frame
     * (seeds {@code seed + t + 100003 * j}). One sample: the PSNRs of that prediction. More: each pixel's error from
     * the samples' mean divided by their spread there ({@code sqrt(err^2 / (variance + SPREAD_FLOOR))}), so that
     * what the model is unsure of (where people walk) counts less than what it is sure of and gets wrong; the
     * "PSNRs" of that standardised error, whole frame and worst region, in the same dB form as PSNRs.
     */
    public static AnomalyEvaluation.VideoScores score(DiffusionModel model, FrameSequence video, int batch, long seed,
            int steps, int samples) {
        return scoreEach(model, video, batch, seed, steps, new int[] {samples}, model.scoreStride()).get(samples);
    }

    /**
     * The scores of {@link #score(DiffusionModel, FrameSequence, int, long, int, int)} for each number of samples in
     * {@code sampleCounts} at once (the draws are shared: n samples are the first n of the largest count's), with
     * predictions {@code stride} frames apart ({@link DiffusionModel#scoreStride()}): a prediction starting at frame
     * t scores frames t to t + stride - 1, and its sampler's seed is {@code seed + t}.
     */
    public static Map<Integer, AnomalyEvaluation.VideoScores> scoreEach(DiffusionModel model, FrameSequence video,
            int batch, long seed, int steps, int[] sampleCounts, int stride) {
        int draws = Arrays.stream(sampleCounts).max().orElseThrow(
                () -> new IllegalArgumentException("no sample count to score"));
        if (Arrays.stream(sampleCounts).min().getAsInt() < 1) {
            throw new IllegalArgumentException("at least one sample a prediction, got "
                    + Arrays.toString(sampleCounts));
        }
        VideoDitBlock.Hyperparameters hp = model.hyperparameters();
        int m = hp.conditionFrames();
        DiffusionModel.checkedStride(stride, hp.targetFrames());
        int n = video.size();
        if (n <= m) {
            throw new IllegalArgumentException("video " + video.name() + " has " + n + " frames; predicting needs more"
                    + " than " + m);
        }
        Map<Integer, double[]> frame = new TreeMap<>();
        Map<Integer, double[]> region = new TreeMap<>();
        for (int samples : sampleCounts) {
            frame.put(samples, new double[n]);
            region.put(samples, new double[n]);
        }
        List<Integer> starts = new ArrayList<>();
        for (int t = m; t < n; t += stride) {
            starts.add(t);
        }
        for (int from = 0; from < starts.size(); from += batch) {
            List<Integer> group = starts.subList(from, Math.min(starts.size(), from + batch));
            List<float[][]> conditions = new ArrayList<>(group.size());
            long[] seeds = new long[group.size()];
            for (int i = 0; i < group.size(); i++) {
                int t = group.get(i);
                conditions.add(video.frames().subList(t - m, t).toArray(new float[0][]));
                seeds[i] = seed + t;
            }
            List<List<float[][]>> drawn = new ArrayList<>(draws);
            for (int j = 0; j < draws; j++) {
                long[] drawSeeds = new long[seeds.length];
                for (int i = 0; i < seeds.length; i++) {
                    drawSeeds[i] = seeds[i] + 100_003L * j;
                }
                drawn.add(model.predict(conditions, drawSeeds, steps));
            }
            for (int i = 0; i < group.size(); i++) {
                int t = group.get(i);
                for (int f = 0; f < stride && t + f < n; f++) {
                    float[] actual = video.frames().get(t + f);
                    for (int samples : frame.keySet()) {
                        float[] scored = drawn.get(0).get(i)[f]; // compared with truth: the PSNRs of their difference
                        float[] truth = actual;
                        if (samples > 1) {
                            List<float[]> frameSamples = new ArrayList<>(samples);
                            for (List<float[][]> draw : drawn.subList(0, samples)) {
                                frameSamples.add(draw.get(i)[f]);
                            }
                            scored = standardisedError(frameSamples, actual, SPREAD_FLOOR);
                            truth = new float[actual.length];
                        }
                        frame.get(samples)[t + f] = FrameScores.psnr(scored, truth);
                        region.get(samples)[t + f] = FrameScores.worstRegionPsnr(scored, truth, hp.width(),
                                hp.height(), AnomalyModel.REGION);
                    }
                }
            }
        }
        Map<Integer, AnomalyEvaluation.VideoScores> scores = new TreeMap<>();
        for (int samples : frame.keySet()) {
            double[] frameScores = frame.get(samples);
            double[] regionScores = region.get(samples);
            Arrays.fill(frameScores, 0, m, frameScores[m]);
            Arrays.fill(regionScores, 0, m, regionScores[m]);
            scores.put(samples, new AnomalyEvaluation.VideoScores(video.name(), frameScores, regionScores));
        }
        return scores;
    }

    /**
     * Per pixel, how far {@code actual} is from the mean of {@code samples} in units of their spread: {@code
     * sqrt((actual - mean)^2 / (variance + floor))}.
     */
    static float[] standardisedError(List<float[]> samples, float[] actual, double floor) {
        float[] out = new float[actual.length];
        for (int p = 0; p < actual.length; p++) {
            double mean = 0;
            for (float[] sample : samples) {
                mean += sample[p];
            }
            mean /= samples.size();
            double variance = 0;
            for (float[] sample : samples) {
                variance += (sample[p] - mean) * (sample[p] - mean);
            }
            variance /= samples.size();
            double error = actual[p] - mean;
            out[p] = (float) Math.sqrt(error * error / (variance + floor));
        }
        return out;
    }

    /**
     * The model's normal baseline ({@link NormalBaseline}: PSNR mean and spread, live alarm gap) on normal videos,
     * every predicted frame of every video, as the diffusion stage scores a live camera.
     */
    public static NormalBaseline baseline(DiffusionModel model, List<FrameSequence> videos, int batch, long seed) {
        return baseline(model, videos, batch, seed, model.predictionSteps(), model.scoreStride());
    }

    /**
     * As {@link #baseline(DiffusionModel, List, int, long)}, each prediction sampled in {@code steps} steps and
     * predictions {@code stride} frames apart.
     */
    public static NormalBaseline baseline(DiffusionModel model, List<FrameSequence> videos, int batch, long seed,
            int steps, int stride) {
        int m = model.hyperparameters().conditionFrames();
        List<double[]> psnrs = new ArrayList<>();
        for (FrameSequence video : videos) {
            double[] psnr = scoreEach(model, video, batch, seed, steps, new int[] {1}, stride).get(1).framePsnr();
            psnrs.add(Arrays.copyOfRange(psnr, m, psnr.length));
        }
        return NormalBaseline.of(psnrs, LiveScorer.defaults());
    }

    /** How well gaps are filled: mean PSNR of the repaired frames and of a linear blend across the gap, in dB. */
    public record RepairQuality(double repairPsnrDb, double blendPsnrDb, int frames) {}

    /**
     * Cuts a gap of {@code K} frames out of every run of {@code M + K} frames whose frames are all flagged normal,
     * fills it with the repair task ({@code M - K} frames before it, {@code K} after), and compares each filled frame
     * with the real one; for reference, the same for the linear blend of the last frame before the gap and the first
     * after it. The sampler's seed of the gap starting at frame t is {@code seed + t}.
     */
    public static RepairQuality repair(DiffusionModel model, List<FrameSequence> videos, List<boolean[]> normal,
            int batch, long seed) {
        VideoDitBlock.Hyperparameters hp = model.hyperparameters();
        int m = hp.conditionFrames();
        int k = hp.targetFrames();
        double repairSum = 0;
        double blendSum = 0;
        int frames = 0;
        for (int v = 0; v < videos.size(); v++) {
            List<float[]> video = videos.get(v).frames();
            List<Integer> gaps = new ArrayList<>();
            for (int start = 0; start + m + k <= video.size(); start += m + k) {
                if (allTrue(normal.get(v), start, start + m + k)) {
                    gaps.add(start + m - k);
                }
            }
            for (int from = 0; from < gaps.size(); from += batch) {
                List<Integer> group = gaps.subList(from, Math.min(gaps.size(), from + batch));
                List<float[][]> before = new ArrayList<>();
                List<float[][]> after = new ArrayList<>();
                long[] seeds = new long[group.size()];
                for (int i = 0; i < group.size(); i++) {
                    int gap = group.get(i);
                    before.add(video.subList(gap - (m - k), gap).toArray(new float[0][]));
                    after.add(video.subList(gap + k, gap + 2 * k).toArray(new float[0][]));
                    seeds[i] = seed + gap;
                }
                List<float[][]> filled = model.repair(before, after, seeds);
                for (int i = 0; i < group.size(); i++) {
                    int gap = group.get(i);
                    float[] last = video.get(gap - 1);
                    float[] next = video.get(gap + k);
                    for (int f = 0; f < k; f++) {
                        float[] actual = video.get(gap + f);
                        repairSum += FrameScores.psnr(filled.get(i)[f], actual);
                        blendSum += FrameScores.psnr(blend(last, next, (f + 1) / (float) (k + 1)), actual);
                        frames++;
                    }
                }
            }
        }
        return new RepairQuality(frames == 0 ? Double.NaN : repairSum / frames,
                frames == 0 ? Double.NaN : blendSum / frames, frames);
    }

    private static boolean allTrue(boolean[] flags, int from, int to) {
        for (int i = from; i < to; i++) {
            if (i >= flags.length || !flags[i]) {
                return false;
            }
        }
        return true;
    }

    private static float[] blend(float[] a, float[] b, float weightOfB) {
        float[] out = new float[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (1 - weightOfB) * a[i] + weightOfB * b[i];
        }
        return out;
    }

    /** Mean PSNR of the frames flagged normal ({@code normal[i]}), in dB. */
    public static double meanPsnr(List<double[]> psnrs, List<boolean[]> normal) {
        double sum = 0;
        int count = 0;
        for (int v = 0; v < psnrs.size(); v++) {
            for (int i = 0; i < psnrs.get(v).length; i++) {
                if (normal.get(v)[i]) {
                    sum += psnrs.get(v)[i];
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
