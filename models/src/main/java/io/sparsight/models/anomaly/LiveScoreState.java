package io.sparsight.models.anomaly;

/**
 * One camera's live-scoring state, kept by the caller (Flink keyed state): the camera's reference (normal) PSNR and
 * the last few raw scores for smoothing. A POJO (public fields, no-arg constructor) so Flink serialises it without
 * Kryo.
 */
public class LiveScoreState {
    /** Whether the reference holds the camera's PSNR yet. */
    public boolean started;
    public double referencePsnr;
    /** Raw scores of the last frames, a ring written at {@link #next}. */
    public double[] recent;
    public int next;
    public int filled;

    public LiveScoreState() {}
}
