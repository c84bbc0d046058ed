package io.sparsight.models.grounding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The two heads every grounding model ends with, over its fused tokens {@code (B, T, d)}: the first token's output
 * gives the presence logit; each frame token's output gives a start and an end logit, and the moment's start and
 * end are the expected frame boundaries under the softmax of those logits over the frames (a soft arg-max, so TDIoU
 * trains them directly).
 */
final class MomentHeads {

    private MomentHeads() {}

    /** The moment {@code (B, 2)} and the presence logit {@code (B)}; frame tokens are {@code firstFrame ..}. */
    static NDList outputs(ParameterStore store, NDArray tokens, int firstFrame, int frames, Linear presenceHead,
            Linear boundaryHead, boolean training) {
        long b = tokens.getShape().get(0);
        NDArray presence = presenceHead.forward(store, new NDList(tokens.get(":, 0, :")), training)
                .singletonOrThrow().reshape(b);
        NDArray frameTokens = tokens.get(":, " + firstFrame + ":, :");                  // (B, N, d)
        NDArray logits = boundaryHead.forward(store, new NDList(frameTokens), training).singletonOrThrow(); // (B, N, 2)
        NDArray n = tokens.getManager().arange(0f, frames).div(frames);                // frame starts, 0 .. (N-1)/N
        NDArray start = logits.get(":, :, 0").softmax(1).mul(n).sum(new int[] {1});
        NDArray end = logits.get(":, :, 1").softmax(1).mul(n.add(1f / frames)).sum(new int[] {1});
        NDArray moment = NDArrays.stack(new NDList(start.minimum(end), start.maximum(end)), 1);
        return new NDList(moment, presence);
    }

    static void initialize(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, long batch,
            int frames, int dim, Linear presenceHead, Linear boundaryHead) {
        presenceHead.initialize(manager, dataType, new Shape(batch, dim));
        boundaryHead.initialize(manager, dataType, new Shape(batch, frames, dim));
    }
}
