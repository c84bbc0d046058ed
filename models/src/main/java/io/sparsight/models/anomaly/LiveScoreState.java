package io.sparsight.models.anomaly;

/**
 * One camera's live-scoring state, kept by the caller (Flink keyed state): the camera's running normal PSNR and
 * the last few raw scores for smoothing. A POJO (public fields, no-arg constructor) so Flink serialises it without
 * Kryo.
 */
public class LiveScoreState {
    /** Whether mean and variance hold the camera's baseline yet. */
    public boolean started;
    public double meanPsnr;
    public double variancePsnr;
    /** Raw scores of the last frames, oldest first (a ring from {@link #next}). */
    public double[] recent;
    public int next;
    public int filled;

    public LiveScoreState() {}
}
