package io.sparsight.models.grounding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.List;

/**
 * A family of grounding models as training and evaluation see it, over one dataset's videos: a new block, and the
 * block's visual inputs for windows of those videos. Every such block takes its visual inputs followed by sentence
 * embeddings {@code (B, textDim)} and gives the moment {@code (B, 2)} (fractions of the window) and the presence
 * logit {@code (B)}. Two families: pixels ({@link PixelGrounding}) and object tracks ({@link TrackGrounding}).
 */
public interface GroundingNetwork {

    /** A new, uninitialised block. */
    Block newBlock();

    /** Width of the sentence embeddings the block reads. */
    int textDim();

    /** Shapes of the visual inputs for {@code batch} windows. */
    Shape[] windowShapes(int batch);

    /** Length of a video in seconds; IllegalArgumentException for a video the dataset does not have. */
    double seconds(String videoId);

    /** The visual inputs for these windows, batched in order. */
    NDList windows(NDManager manager, List<VideoWindow> windows);
}
