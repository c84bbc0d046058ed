package io.sparsight.models.anomaly;

import java.io.Serializable;

/**
 * Turns a stream of one camera's prediction PSNRs into anomaly scores in [0, 1], online (no future frames):
 *
 * <ol>
 *   <li>Reference: the camera's normal PSNR, followed from its own frames. Anomalies only ever lower the PSNR, so
 *       the reference rises quickly ({@code riseRate} of the gap per frame) and falls slowly ({@code fallRate}): it
 *       settles on a new camera, a sharper or noisier picture within a few frames, and follows a lasting change
 *       (light, a busier scene) within a few hundred, while an anomaly of a few seconds barely moves it. A camera's
 *       first frame starts it.</li>
 *   <li>Normalise: how far the PSNR falls below the reference, {@code gap = reference - psnr} in dB, mapped to
 *       {@code clamp(gap / fullScale, 0, 1)}; the model's {@link NormalBaseline} sets the full scale at twice its
 *       alarm gap, so a drop that normal training frames reach only once in a thousand scores 0.5 (models without
 *       an alarm gap: full scale at 6 standard deviations of normal PSNR).</li>
 *   <li>Smooth: a causal Gaussian (the last {@code 3 sigma} frames, weight {@code exp(-k^2 / 2 sigma^2)} for the
 *       frame {@code k} back).</li>
 * </ol>
 *
 * <p>Pure logic; the caller keeps a {@link LiveScoreState} per camera.
 */
public final class LiveScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double riseRate;
    private final double fallRate;
    private final double[] weights;

    /** The defaults: reference rising 20% and falling 0.5% of the gap a frame, smoothing sigma 3 frames. */
    public static LiveScorer defaults() {
        return new LiveScorer(0.2, 0.005, 3.0);
    }

    public LiveScorer(double riseRate, double fallRate, double smoothingSigma) {
        if (riseRate < 0 || riseRate > 1 || fallRate < 0 || fallRate > 1 || smoothingSigma < 0) {
            throw new IllegalArgumentException("live scoring needs rates in [0, 1] and smoothingSigma >= 0");
        }
        this.riseRate = riseRate;
        this.fallRate = fallRate;
        int length = (int) Math.ceil(3 * smoothingSigma) + 1;
        weights = new double[length];
        for (int k = 0; k < length; k++) {
            weights[k] = smoothingSigma == 0 ? (k == 0 ? 1 : 0) : Math.exp(-(k * k) / (2 * smoothingSigma * smoothingSigma));
        }
    }

    /**
     * The smoothed score of the camera's next frame; {@code baseline} sets the scale (its full-scale gap).
     *
     * @throws IllegalArgumentException for a PSNR that is not finite (it would make the reference NaN for good);
     *     the state is unchanged
     */
    public double update(LiveScoreState state, double psnr, NormalBaseline baseline) {
        if (!Double.isFinite(psnr)) {
            throw new IllegalArgumentException("a live score needs a finite PSNR, got " + psnr);
        }
        if (!state.started) {
            state.started = true;
            state.referencePsnr = psnr;
            state.recent = new double[weights.length];
            state.next = 0;
            state.filled = 0;
        }
        double raw = Math.max(0, Math.min(1, (state.referencePsnr - psnr) / baseline.fullScaleGapDb()));
        double gap = psnr - state.referencePsnr;
        state.referencePsnr += (gap > 0 ? riseRate : fallRate) * gap;

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
