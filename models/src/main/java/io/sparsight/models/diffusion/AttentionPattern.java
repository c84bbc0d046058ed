package io.sparsight.models.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The attention patterns a video diffusion transformer's heads fall into (after Sparse-vDiT: heads of video DiTs
 * attend in recurring shapes, so each head can run a sparse kernel of its shape instead of dense attention), over a
 * token grid of {@code T} frames of {@code P} patches, token {@code t * P + p}:
 *
 * <ul>
 *   <li>{@link #DENSE}: every token attends to every token ({@code (T P)^2} scores);</li>
 *   <li>{@link #SPATIAL}: a token attends to the tokens of its own frame (block diagonal, {@code T P^2});</li>
 *   <li>{@link #TEMPORAL}: a token attends to the same patch in every frame (multi-diagonal, {@code P T^2});</li>
 *   <li>{@link #NEIGHBOUR_FRAMES}: a token attends to its own frame and the frames just before and after (a band
 *       along the diagonal, {@code 3 T P^2} at most);</li>
 *   <li>{@link #STRIPE}: every token attends to the tokens of the first frame, a small global key set (a vertical
 *       stripe, {@code T P^2}); in the video DiT the first frame is the oldest conditioning frame;</li>
 *   <li>{@link #SKIP}: the head is dropped: its output is zero and nothing is computed.</li>
 * </ul>
 *
 * <p>Each pattern computes only its scores, by reshaping, not by masking a dense matrix: that is where the time goes.
 * Inputs {@code q, k, v} are {@code (B, H, T * P, D)}; the output has the same shape.
 */
public enum AttentionPattern {
    DENSE,
    SPATIAL,
    TEMPORAL,
    NEIGHBOUR_FRAMES,
    STRIPE,
    SKIP;

    /** Attention of this pattern; {@code frames * patches} must be the token count. */
    public NDArray attend(NDArray q, NDArray k, NDArray v, int frames, int patches) {
        Shape shape = q.getShape();
        long b = shape.get(0);
        long h = shape.get(1);
        long d = shape.get(3);
        if (shape.get(2) != (long) frames * patches) {
            throw new IllegalArgumentException("attention over " + frames + " frames of " + patches + " patches needs "
                    + (long) frames * patches + " tokens, got " + shape.get(2));
        }
        float scale = (float) (1 / Math.sqrt(d));
        return switch (this) {
            case DENSE -> softmaxAttention(q, k, v, scale);
            case SPATIAL -> softmaxAttention(q.reshape(b, h, frames, patches, d), k.reshape(b, h, frames, patches, d),
                    v.reshape(b, h, frames, patches, d), scale).reshape(shape);
            case TEMPORAL -> softmaxAttention(byPatch(q, b, h, frames, patches, d), byPatch(k, b, h, frames, patches, d),
                    byPatch(v, b, h, frames, patches, d), scale)
                    .transpose(0, 1, 3, 2, 4).reshape(shape);
            case NEIGHBOUR_FRAMES -> neighbourFrames(q, k, v, b, h, frames, patches, d, scale).reshape(shape);
            case STRIPE -> softmaxAttention(q, k.get(new NDIndex(":, :, :{}", patches)),
                    v.get(new NDIndex(":, :, :{}", patches)), scale);
            case SKIP -> q.zerosLike();
        };
    }

    /**
     * Share of the dense score matrix this pattern computes, for {@code frames} frames of {@code patches} patches
     * (the first and last frame have one neighbour each).
     */
    public double density(int frames, int patches) {
        double dense = (double) frames * patches * frames * patches;
        return switch (this) {
            case DENSE -> 1.0;
            case SPATIAL -> (double) frames * patches * patches / dense;
            case TEMPORAL -> (double) patches * frames * frames / dense;
            // every frame has itself and two neighbours, but the first and last only one (a single frame: none)
            case NEIGHBOUR_FRAMES -> (double) (frames == 1 ? 1 : 3L * frames - 2) * patches * patches / dense;
            case STRIPE -> (double) frames * patches * patches / dense;
            case SKIP -> 0.0;
        };
    }

    /**
     * Whether token {@code query} attends to token {@code key} under this pattern (for tests and masks). A query that
     * attends to no key ({@link #SKIP}) gets a zero output.
     */
    public boolean allows(int query, int key, int patches) {
        int queryFrame = query / patches;
        int keyFrame = key / patches;
        return switch (this) {
            case DENSE -> true;
            case SPATIAL -> queryFrame == keyFrame;
            case TEMPORAL -> query % patches == key % patches;
            case NEIGHBOUR_FRAMES -> Math.abs(queryFrame - keyFrame) <= 1;
            case STRIPE -> keyFrame == 0;
            case SKIP -> false;
        };
    }

    private static NDArray softmaxAttention(NDArray q, NDArray k, NDArray v, float scale) {
        int last = q.getShape().dimension() - 1;
        int[] axes = new int[last + 1];
        for (int i = 0; i <= last; i++) {
            axes[i] = i;
        }
        axes[last - 1] = last;
        axes[last] = last - 1;
        return q.matMul(k.transpose(axes)).mul(scale).softmax(-1).matMul(v);
    }

    /** {@code (B, H, T*P, D)} to {@code (B, H, P, T, D)}: one sequence over time per patch. */
    private static NDArray byPatch(NDArray x, long b, long h, int frames, int patches, long d) {
        return x.reshape(b, h, frames, patches, d).transpose(0, 1, 3, 2, 4);
    }

    /**
     * Each frame's queries against the keys of the previous, own and next frame: keys and values of the three frames
     * side by side ({@code (B, H, T, 3P, D)}), zero frames beyond the ends, whose scores are masked out.
     */
    private static NDArray neighbourFrames(NDArray q, NDArray k, NDArray v, long b, long h, int frames, int patches,
            long d, float scale) {
        NDArray q5 = q.reshape(b, h, frames, patches, d);
        NDArray keys = besideNeighbours(k.reshape(b, h, frames, patches, d), frames);
        NDArray values = besideNeighbours(v.reshape(b, h, frames, patches, d), frames);
        NDArray scores = q5.matMul(keys.transpose(0, 1, 2, 4, 3)).mul(scale);          // (B, H, T, P, 3P)
        // the previous frame of frame 0 and the next of frame T-1 do not exist
        float[] mask = new float[frames * 3 * patches];
        for (int p = 0; p < patches; p++) {
            mask[p] = Float.NEGATIVE_INFINITY;
            mask[(frames - 1) * 3 * patches + 2 * patches + p] = Float.NEGATIVE_INFINITY;
        }
        NDArray bias = scores.getManager().create(mask, new Shape(1, 1, frames, 1, 3L * patches));
        return scores.add(bias).softmax(-1).matMul(values);
    }

    /** {@code (B, H, T, P, D)} to {@code (B, H, T, 3P, D)}: frame t-1, t and t+1 for every t (zeros beyond the ends). */
    private static NDArray besideNeighbours(NDArray x, int frames) {
        Shape s = x.getShape();
        NDArray zero = x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3), s.get(4)), DataType.FLOAT32);
        NDArray previous = frames == 1 ? zero
                : NDArrays.concat(new NDList(zero, x.get(new NDIndex(":, :, :-1"))), 2);
        NDArray next = frames == 1 ? zero
                : NDArrays.concat(new NDList(x.get(new NDIndex(":, :, 1:")), zero), 2);
        return NDArrays.concat(new NDList(previous, x, next), 3);
    }
}
