package io.sparsight.models.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Frame-level evaluation of an anomaly model on labelled test videos, the way the video-anomaly literature does it:
 * every test frame gets a score, scores are normalised per video (min-max of the video's PSNRs, so 0 is its
 * best-predicted frame and 1 its worst), smoothed over time, and compared with the labels as ROC AUC, over all frames
 * concatenated (micro) and per video, averaged (macro).
 *
 * <p>The first {@code context} frames of a video have no full context; they take the score of the first frame that
 * has one.
 */
public final class AnomalyEvaluation {

    /** Standard deviation, in frames, of the Gaussian that smooths scores over time. Chosen before any evaluation. */
    public static final double SMOOTHING_SIGMA = 3.0;

    private AnomalyEvaluation() {}

    /** One video's per-frame PSNRs (whole frame and worst region), one per frame of the video. */
    public record VideoScores(String name, double[] framePsnr, double[] regionPsnr) {

        /** The anomaly score of every frame: whole-frame PSNR normalised over this video, smoothed, in [0, 1]. */
        public double[] scores() {
            return normalised(framePsnr);
        }

        /** The same from the worst region's PSNR (reported beside it). */
        public double[] regionScores() {
            return normalised(regionPsnr);
        }
    }

    /** Summary figures in percent; macro over the videos that have both normal and abnormal frames. */
    public record Summary(double microAuc, double macroAuc, double regionMicroAuc, double regionMacroAuc, int frames,
            int videos, int macroVideos) {}

    /** Min-max normalisation into [0, 1] anomaly scores, then Gaussian smoothing over time. */
    public static double[] normalised(double[] psnr) {
        return FrameScores.smooth(FrameScores.anomalyScores(psnr), SMOOTHING_SIGMA);
    }

    /**
     * Scores every frame of a video, {@code batch} predictions at a time.
     */
    public static VideoScores score(AnomalyModel model, FrameSequence video, int batch) {
        int context = model.context();
        int n = video.size();
        if (n <= context) {
            throw new IllegalArgumentException("video " + video.name() + " has " + n + " frames; scoring needs more than "
                    + context);
        }
        double[] frame = new double[n];
        double[] region = new double[n];
        List<float[][]> contexts = new ArrayList<>(batch);
        List<float[]> actual = new ArrayList<>(batch);
        int firstOfBatch = context;
        for (int t = context; t < n; t++) {
            float[][] window = new float[context][];
            for (int k = 0; k < context; k++) {
                window[k] = video.frames().get(t - context + k);
            }
            contexts.add(window);
            actual.add(video.frames().get(t));
            if (contexts.size() == batch || t == n - 1) {
                List<AnomalyModel.Prediction> predictions = model.score(contexts, actual);
                for (int i = 0; i < predictions.size(); i++) {
                    frame[firstOfBatch + i] = predictions.get(i).framePsnr();
                    region[firstOfBatch + i] = predictions.get(i).regionPsnr();
                }
                firstOfBatch += predictions.size();
                contexts.clear();
                actual.clear();
            }
        }
        Arrays.fill(frame, 0, context, frame[context]);
        Arrays.fill(region, 0, context, region[context]);
        return new VideoScores(video.name(), frame, region);
    }

    /** AUCs of scored videos against their labels (by video name). */
    /** Micro AUC in percent of final per-frame scores (higher: more abnormal), by video, all frames concatenated. */
    public static double microAuc(Map<String, double[]> scoresByVideo, Map<String, boolean[]> labels) {
        List<double[]> scores = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        for (Map.Entry<String, double[]> video : new java.util.TreeMap<>(scoresByVideo).entrySet()) {
            boolean[] flags = labels.get(video.getKey());
            if (flags == null || flags.length != video.getValue().length) {
                throw new IllegalArgumentException("no labels of the same length for test video " + video.getKey());
            }
            scores.add(video.getValue());
            truth.add(flags);
        }
        return 100 * RocAuc.of(concatScores(scores), concatFlags(truth));
    }

    /** Raw per-frame scores (higher: more abnormal) as the evaluation takes them: min-max per video, smoothed. */
    public static double[] normalisedScores(double[] raw) {
        double[] negated = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            negated[i] = -raw[i];
        }
        return normalised(negated); // the PSNR normalisation maps the lowest "PSNR" (highest score) to 1
    }

    public static Summary summarise(List<VideoScores> videos, Map<String, boolean[]> labels) {
        List<double[]> scores = new ArrayList<>();
        List<double[]> regionScores = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        double macro = 0;
        double regionMacro = 0;
        int macroVideos = 0;
        for (VideoScores video : videos) {
            boolean[] flags = labels.get(video.name());
            if (flags == null) {
                throw new IllegalArgumentException("no labels for test video " + video.name());
            }
            if (flags.length != video.regionPsnr().length) {
                throw new IllegalArgumentException("video " + video.name() + " has " + video.regionPsnr().length
                        + " frames but its labels cover " + flags.length);
            }
            scores.add(video.scores());
            regionScores.add(video.regionScores());
            truth.add(flags);
            if (hasBothClasses(flags)) {
                macro += RocAuc.of(video.scores(), flags);
                regionMacro += RocAuc.of(video.regionScores(), flags);
                macroVideos++;
            }
        }
        boolean[] allTruth = concatFlags(truth);
        return new Summary(100 * RocAuc.of(concatScores(scores), allTruth),
                macroVideos == 0 ? Double.NaN : 100 * macro / macroVideos,
                100 * RocAuc.of(concatScores(regionScores), allTruth),
                macroVideos == 0 ? Double.NaN : 100 * regionMacro / macroVideos,
                allTruth.length, videos.size(), macroVideos);
    }

    private static boolean hasBothClasses(boolean[] flags) {
        boolean any = false;
        boolean all = true;
        for (boolean f : flags) {
            any |= f;
            all &= f;
        }
        return any && !all;
    }

    /** The videos' per-frame values one after another. */
    public static double[] concatScores(List<double[]> parts) {
        double[] out = new double[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    /** The videos' per-frame labels one after another. */
    public static boolean[] concatFlags(List<boolean[]> parts) {
        boolean[] out = new boolean[parts.stream().mapToInt(p -> p.length).sum()];
        int offset = 0;
        for (boolean[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }
}
