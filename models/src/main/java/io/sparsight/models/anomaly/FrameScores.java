package io.sparsight.models.anomaly;

/**
 * Turning frame prediction errors into anomaly scores, in plain Java: PSNR of a prediction, min-max normalisation
 * of a video's PSNRs into [0, 1] anomaly scores (low PSNR = poorly predicted = anomalous), and Gaussian smoothing
 * over time.
 */
public final class FrameScores {

    /** PSNR of a perfect prediction is infinite; it is capped here. */
    public static final double MAX_PSNR_DB = 100.0;

    private FrameScores() {}

    /** PSNR in dB between a prediction and the actual frame, both with pixel values in [0, 1]. */
    public static double psnr(float[] predicted, float[] actual) {
        if (predicted.length != actual.length || predicted.length == 0) {
            throw new IllegalArgumentException("frames must have the same, non-zero size: got " + predicted.length
                    + " and " + actual.length + " values");
        }
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - actual[i];
            sum += d * d;
        }
        double mse = sum / predicted.length;
        return mse == 0 ? MAX_PSNR_DB : Math.min(MAX_PSNR_DB, 10 * Math.log10(1.0 / mse));
    }

    /**
     * PSNR in dB of the worst-predicted {@code region x region} window (windows at half-window steps) of a
     * {@code width x height} frame: a small object predicted badly shows here before it moves the whole frame's.
     */
    public static double worstRegionPsnr(float[] predicted, float[] actual, int width, int height, int region) {
        if (predicted.length != actual.length || predicted.length != width * height || region > width
                || region > height) {
            throw new IllegalArgumentException("frames of " + width + "x" + height + " and a region of " + region
                    + " needed: got " + predicted.length + " and " + actual.length + " values");
        }
        int step = Math.max(1, region / 2);
        double worst = 0;
        for (int y0 = 0; y0 + region <= height; y0 += step) {
            for (int x0 = 0; x0 + region <= width; x0 += step) {
                double sum = 0;
                for (int y = y0; y < y0 + region; y++) {
                    for (int x = x0; x < x0 + region; x++) {
                        double d = predicted[y * width + x] - actual[y * width + x];
                        sum += d * d;
                    }
                }
                worst = Math.max(worst, sum / (region * region));
            }
        }
        return worst == 0 ? MAX_PSNR_DB : Math.min(MAX_PSNR_DB, 10 * Math.log10(1.0 / worst));
    }

    /**
     * Min-max normalises PSNRs into anomaly scores: the best-predicted frame scores 0, the worst 1. All equal gives
     * all 0.
     */
    public static double[] anomalyScores(double[] psnr) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double p : psnr) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        double[] scores = new double[psnr.length];
        if (max > min) {
            for (int i = 0; i < psnr.length; i++) {
                scores[i] = (max - psnr[i]) / (max - min);
            }
        }
        return scores;
    }

    /** Gaussian smoothing with standard deviation {@code sigma} frames (kernel cut at 3 sigma, renormalised at edges). */
    public static double[] smooth(double[] values, double sigma) {
        if (sigma <= 0) {
            return values.clone();
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
        }
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double sum = 0;
            double weight = 0;
            for (int k = -radius; k <= radius; k++) {
                int j = i + k;
                if (j >= 0 && j < values.length) {
                    sum += kernel[k + radius] * values[j];
                    weight += kernel[k + radius];
                }
            }
            out[i] = sum / weight;
        }
        return out;
    }
}
