package io.sparsight.models.anomaly;

import io.sparsight.models.runtime.ModelManifest;

import java.util.List;
import java.util.Map;

/**
 * How well a model predicts normal frames: the mean and standard deviation of its PSNR over its own training data,
 * measured once after training and kept in model.json ({@code calibration}). The live scorer starts every camera
 * from this baseline and then follows the camera's own normal frames.
 */
public record NormalBaseline(double meanPsnr, double stdPsnr) {

    /** Used when a model folder carries no calibration (e.g. trained by an older version). */
    public static final NormalBaseline UNCALIBRATED = new NormalBaseline(30.0, 2.0);

    /** Measures the baseline: every frame with a full context in the training videos, {@code batch} at a time. */
    public static NormalBaseline measure(AnomalyModel model, List<FrameSequence> videos, int batch) {
        double sum = 0;
        double sumSquares = 0;
        long n = 0;
        for (FrameSequence video : videos) {
            AnomalyEvaluation.VideoScores scores = AnomalyEvaluation.score(model, video, batch);
            double[] psnr = scores.framePsnr();
            for (int t = model.context(); t < psnr.length; t++) {
                sum += psnr[t];
                sumSquares += psnr[t] * psnr[t];
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(Math.max(0, sumSquares / n - mean * mean));
        return new NormalBaseline(mean, std);
    }

    /** Writes the baseline into a manifest's calibration. */
    public void writeTo(ModelManifest manifest) {
        manifest.calibration.put("normalPsnrMean", Math.round(meanPsnr * 1000) / 1000.0);
        manifest.calibration.put("normalPsnrStd", Math.round(stdPsnr * 1000) / 1000.0);
    }

    /** The baseline of a manifest, or {@link #UNCALIBRATED}. */
    public static NormalBaseline of(ModelManifest manifest) {
        Map<String, Object> c = manifest.calibration;
        if (c.get("normalPsnrMean") instanceof Number mean && c.get("normalPsnrStd") instanceof Number std) {
            return new NormalBaseline(mean.doubleValue(), std.doubleValue());
        }
        return UNCALIBRATED;
    }
}
