package io.sparsight.models.anomaly;

import io.sparsight.models.runtime.ModelManifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How well a model predicts normal frames, measured once after training on its own training videos and kept in
 * model.json ({@code calibration}): the mean and standard deviation of its PSNR, and the <em>alarm gap</em>, how far
 * below the live scorer's reference a normal frame's smoothed PSNR falls at most, apart from one frame in a thousand
 * ({@link #ALARM_QUANTILE}). The live scorer gives that gap the score 0.5 (the stage's default enter threshold).
 *
 * <p>Why a gap and not the standard deviation: over Ped2's 16 training videos the PSNR's spread (1.47 dB) is mostly
 * the videos' different levels (36.7 to 41.3 dB), which the live reference follows; within a video it is 0.3 to
 * 0.9 dB. The gap measures what the live score sees.
 */
public record NormalBaseline(double meanPsnr, double stdPsnr, double alarmGapDb) {

    /** Share of normal training frames whose smoothed gap stays at or below the alarm gap. */
    public static final double ALARM_QUANTILE = 0.999;

    /** Without a calibrated alarm gap, a frame this many standard deviations below the reference scores 1. */
    static final double UNCALIBRATED_FULL_SCALE_Z = 6.0;

    /** The smallest alarm gap used, so a model that predicts its training frames perfectly does not alarm on noise. */
    static final double MIN_ALARM_GAP_DB = 0.1;

    /** Used when a model folder carries no calibration (e.g. trained by an older version). */
    public static final NormalBaseline UNCALIBRATED = new NormalBaseline(30.0, 2.0, 0);

    /** A baseline without an alarm gap (models calibrated before it existed): full scale at 6 standard deviations. */
    public NormalBaseline(double meanPsnr, double stdPsnr) {
        this(meanPsnr, stdPsnr, 0);
    }

    /** The PSNR drop below the reference, in dB, that scores 1: twice the alarm gap, or 6 standard deviations. */
    public double fullScaleGapDb() {
        return alarmGapDb > 0 ? 2 * alarmGapDb : UNCALIBRATED_FULL_SCALE_Z * Math.max(stdPsnr, 1e-3);
    }

    /** Measures the baseline: every frame with a full context in the training videos, {@code batch} at a time. */
    public static NormalBaseline measure(AnomalyModel model, List<FrameSequence> videos, int batch) {
        List<double[]> psnrs = new ArrayList<>();
        for (FrameSequence video : videos) {
            double[] psnr = AnomalyEvaluation.score(model, video, batch).framePsnr();
            psnrs.add(Arrays.copyOfRange(psnr, model.context(), psnr.length));
        }
        return of(psnrs, LiveScorer.defaults());
    }

    /** The baseline of normal videos' per-frame PSNRs, with the alarm gap as {@code scorer} would see them. */
    public static NormalBaseline of(List<double[]> psnrs, LiveScorer scorer) {
        double sum = 0;
        double sumSquares = 0;
        long n = 0;
        for (double[] psnr : psnrs) {
            for (double p : psnr) {
                sum += p;
                sumSquares += p * p;
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
        return new NormalBaseline(mean, std, alarmGap(psnrs, scorer));
    }

    /**
     * The {@link #ALARM_QUANTILE} of the smoothed gap below the reference over every frame, each video scored as a
     * new camera. Scores are linear in the gap below full scale, so a probe with a full scale far above any real gap
     * reads the gap off the score.
     */
    private static double alarmGap(List<double[]> psnrs, LiveScorer scorer) {
        double probeFullScaleDb = 1000;
        NormalBaseline probe = new NormalBaseline(0, 0, probeFullScaleDb / 2);
        List<Double> gaps = new ArrayList<>();
        for (double[] psnr : psnrs) {
            LiveScoreState state = new LiveScoreState();
            for (double p : psnr) {
                gaps.add(scorer.update(state, p, probe) * probeFullScaleDb);
            }
        }
        double[] sorted = gaps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(ALARM_QUANTILE * sorted.length) - 1;
        return Math.max(MIN_ALARM_GAP_DB, sorted[Math.max(0, index)]);
    }

    /** Writes the baseline into a manifest's calibration. */
    public void writeTo(ModelManifest manifest) {
        manifest.calibration.put("normalPsnrMean", Math.round(meanPsnr * 1000) / 1000.0);
        manifest.calibration.put("normalPsnrStd", Math.round(stdPsnr * 1000) / 1000.0);
        manifest.calibration.put("liveAlarmGapDb", Math.round(alarmGapDb * 1000) / 1000.0);
    }

    /** The baseline of a manifest, or {@link #UNCALIBRATED}; no alarm gap in older manifests. */
    public static NormalBaseline of(ModelManifest manifest) {
        Map<String, Object> c = manifest.calibration;
        if (c.get("normalPsnrMean") instanceof Number mean && c.get("normalPsnrStd") instanceof Number std) {
            double gap = c.get("liveAlarmGapDb") instanceof Number g ? g.doubleValue() : 0;
            return new NormalBaseline(mean.doubleValue(), std.doubleValue(), gap);
        }
        return UNCALIBRATED;
    }
}
