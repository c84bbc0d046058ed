package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.GroundingModel;

import java.util.List;

/**
 * A grounding model as the grounding stage runs it ({@link MomentDetector}): what one input of a camera leaves in the
 * camera's window, and the answers of a window to a batch of queries. One per model family: {@link FrameMoments}
 * (pixels) and {@link TrackMoments} (the object stage's tracks).
 *
 * @param <I> what the stage reads of each camera
 */
interface MomentModel<I> extends AutoCloseable {

    /** The model's name, as events give it. */
    String name();

    /** What the model reads of a window, for the log. */
    String describe();

    /** Length of a sentence embedding. */
    int textDim();

    /** What {@code input} leaves in its camera's window. */
    WindowFrame keep(I input);

    /**
     * Where in {@code [start, end)} each of {@code queries} sentences happens, and how likely it is there.
     *
     * @param buffered the camera's window frames, by offset, the latest at or before {@code start} first
     * @param sentences {@code queries} sentence embeddings, {@link #textDim()} floats each
     */
    List<GroundingModel.Prediction> answer(List<WindowFrame> buffered, long start, long end, float[] sentences,
            int queries);

    @Override
    void close();
}
