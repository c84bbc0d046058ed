package io.sparsight.models.runtime;

/** Told about a training run's progress as it goes. */
public interface TrainingListener {

    default void onStep(int epoch, int step, int steps, float loss) {}

    void onEpoch(int epoch, float meanLoss, double seconds);

    default void onResume(int epochsDone) {}

    /** A line worth showing, e.g. a validation score after an epoch. */
    default void onNote(String line) {}
}
