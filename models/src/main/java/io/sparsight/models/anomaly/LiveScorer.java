package io.sparsight.models.anomaly;

import java.io.Serializable;

/**
 * Turns a stream of one camera's prediction PSNRs into anomaly scores in [0, 1], online (no future frames):
 *
 * <ol>
 *   <li>Normalise: how far the PSNR falls below the camera's normal PSNR, in standard deviations, {@code z = (mean -
 *       psnr) / std}, mapped to {@code clamp(z / fullScaleZ, 0, 1)} (with the default 6, a frame 3 sigma worse than
 *       normal scores 0.5).</li>
 *   <li>Smooth: a causal Gaussian (the last {@code 3 sigma} frames, weights {@code exp(-k^2 / 2 sigma^2)} for the
 *       frame {@code k} back).</li>
 *   <li>Adapt: the camera's mean and variance start from the model's {@link NormalBaseline} and follow its frames
 *       with an exponential moving average, ten times slower for frames that look abnormal ({@code z >=
 *       adaptBelowZ}): a busier or darker camera settles on its own normal within a few hundred frames, while a
 *       short anomaly barely moves it.</li>
 * </ol>
 *
 * <p>Pure logic; the caller keeps a {@link LiveScoreState} per camera.
 */
public final class LiveScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double fullScaleZ;
    private final double adaptRate;
    private final double adaptBelowZ;
    private final double[] weights;

    /** The defaults: full scale at 6 sigma, adapting at 2% a frame below 2 sigma, smoothing sigma 3 frames. */
    public static LiveScorer defaults() {
        return new LiveScorer(6.0, 0.02, 2.0, 3.0);
    }

    public LiveScorer(double fullScaleZ, double adaptRate, double adaptBelowZ,
            double smoothingSigma) {
        if (fullScaleZ <= 0 || adaptRate < 0 || adaptRate > 1 || smoothingSigma < 0) {
            throw new IllegalArgumentException("live scoring needs fullScaleZ > 0, 0 <= adaptRate <= 1 and"
                    + " smoothingSigma >= 0");
        }
        this.fullScaleZ = fullScaleZ;
        this.adaptRate = adaptRate;
        this.adaptBelowZ = adaptBelowZ;
        int length = (int) Math.ceil(3 * smoothingSigma) + 1;
        weights = new double[length];
        for (int k = 0; k < length; k++) {
            weights[k] = smoothingSigma == 0 ? (k == 0 ? 1 : 0) : Math.exp(-(k * k) / (2 * smoothingSigma * smoothingSigma));
        }
    }

    /** The smoothed score of the camera's next frame; {@code baseline} is where a camera's first frame starts from. */
    public double update(LiveScoreState state, double psnr, NormalBaseline baseline) {
        if (!state.started) {
            state.started = true;
            state.meanPsnr = baseline.meanPsnr();
            state.variancePsnr = baseline.stdPsnr() * baseline.stdPsnr();
            state.recent = new double[weights.length];
            state.next = 0;
            state.filled = 0;
        }
        double std = Math.sqrt(Math.max(state.variancePsnr, 1e-6));
        double z = (state.meanPsnr - psnr) / std;
        double raw = Math.max(0, Math.min(1, z / fullScaleZ));
        double rate = z < adaptBelowZ ? adaptRate : adaptRate / 10;
        double delta = psnr - state.meanPsnr;
        state.meanPsnr += rate * delta;
        state.variancePsnr = (1 - rate) * (state.variancePsnr + rate * delta * delta);
        state.recent[state.next] = raw;
        state.next = (state.next + 1) % state.recent.length;
        state.filled = Math.min(state.filled + 1, state.recent.length);
        double sum = 0;
        double weight = 0;
        for (int k = 0; k < state.filled; k++) {
            int index = Math.floorMod(state.next - 1 - k, state.recent.length);
            sum += weights[k] * state.recent[index];
            weight += weights[k];
        }
        return sum / weight;
    }
}
