package io.sparsight.operators.diffusion;

import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.VideoDitBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the diffusion stage fills the frames a camera lost, without Flink (so it is tested on its own).
 *
 * <p>A gap is a step between two consecutive frames of a camera of more than {@link #GAP_FACTOR} times its usual
 * interval (the median step of its last frames); the frames missing in it are the step over the interval, rounded,
 * less one. The model fills {@code K} frames ({@code targetFrames}) at a time: a gap of {@code missing} frames is
 * cut into chunks of {@code K} ending at the gap's end; every chunk but the last is predicted forward from the
 * {@code M} frames before it (real or already filled), and the last is repaired between the {@code M - K} frames
 * before it and the {@code K} real frames after it. When {@code missing} is not a multiple of {@code K}, the last
 * chunk's slots past the gap hold real frames that are generated too and thrown away: so a repair waits for
 * {@link #framesNeededAfter} real frames after the gap.
 */
public final class GapRepair {

    /** A step of more than this many intervals between two frames is a gap. */
    public static final double GAP_FACTOR = 1.5;

    private GapRepair() {}

    /** The usual step between the given frame times: their median step, 0 with fewer than two times. */
    public static long intervalMs(long[] timesMs) {
        if (timesMs.length < 2) {
            return 0;
        }
        long[] steps = new long[timesMs.length - 1];
        for (int i = 1; i < timesMs.length; i++) {
            steps[i - 1] = timesMs[i] - timesMs[i - 1];
        }
        Arrays.sort(steps);
        return steps[steps.length / 2];
    }

    /** Frames missing in a step of {@code stepMs} between two frames, at {@code intervalMs} a frame: 0 when none. */
    public static int missingFrames(long stepMs, long intervalMs) {
        if (intervalMs <= 0 || stepMs <= GAP_FACTOR * intervalMs) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) stepMs / intervalMs) - 1);
    }

    /** Real frames after a gap of {@code missing} frames that its repair needs, with {@code k} target frames. */
    public static int framesNeededAfter(int missing, int k) {
        return (k - lastChunk(missing, k)) + k;
    }

    /** The missing frames of the last chunk, 1 to {@code k}. */
    private static int lastChunk(int missing, int k) {
        if (missing < 1) {
            throw new IllegalArgumentException("a gap has at least one missing frame, got " + missing);
        }
        return (missing - 1) % k + 1;
    }

    /**
     * The {@code missing} frames of a gap, in order.
     *
     * @param before at least {@code M} frames before the gap, the last one right before it
     * @param after exactly {@link #framesNeededAfter} frames after the gap, the first one right after it
     * @param seed seeds the sampler (chunk {@code c} uses {@code seed + c})
     */
    public static List<float[]> fill(DiffusionModel model, List<float[]> before, int missing, List<float[]> after,
            long seed) {
        VideoDitBlock.Hyperparameters hp = model.hyperparameters();
        int m = hp.conditionFrames();
        int k = hp.targetFrames();
        if (before.size() < m) {
            throw new IllegalArgumentException("filling a gap needs " + m + " frames before it, got " + before.size());
        }
        if (after.size() != framesNeededAfter(missing, k)) {
            throw new IllegalArgumentException("a gap of " + missing + " frames needs " + framesNeededAfter(missing, k)
                    + " frames after it, got " + after.size());
        }
        List<float[]> sequence = new ArrayList<>(before);
        List<float[]> filled = new ArrayList<>(missing);
        int last = lastChunk(missing, k);
        long chunk = 0;
        while (filled.size() < missing - last) {
            float[][] past = sequence.subList(sequence.size() - m, sequence.size()).toArray(new float[0][]);
            for (float[] frame : model.predict(List.<float[][]>of(past), new long[] {seed + chunk++}).get(0)) {
                sequence.add(frame);
                filled.add(frame);
            }
        }
        float[][] beforeGap = sequence.subList(sequence.size() - (m - k), sequence.size()).toArray(new float[0][]);
        float[][] afterGap = after.subList(k - last, after.size()).toArray(new float[0][]);
        float[][] repaired = model.repair(List.<float[][]>of(beforeGap), List.<float[][]>of(afterGap),
                new long[] {seed + chunk}).get(0);
        filled.addAll(Arrays.asList(repaired).subList(0, last));
        return filled;
    }
}
