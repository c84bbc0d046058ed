package io.sparsight.models.grounding;

/**
 * How a grounding model is trained.
 *
 * @param architecture the model's hyperparameters
 * @param epochs passes over the training queries
 * @param batchSize examples per step
 * @param learningRate Adam's starting rate (cosine decay to a tenth)
 * @param seed the same seed and data give the same example order and initial weights
 * @param presenceWeight weight of the presence loss beside TDIoU
 * @param cropProbability how often an example is a random part of its video (between half and all of it) rather
 *     than the whole video: streams are seen through windows that cut moments
 */
public record GroundingTrainingSettings(GroundingBlock.Hyperparameters architecture, int epochs, int batchSize,
        float learningRate, long seed, double presenceWeight, double cropProbability) {

    public static GroundingTrainingSettings defaults() {
        return new GroundingTrainingSettings(GroundingBlock.Hyperparameters.defaults(), 20, 32, 5e-4f, 42, 1.0, 0.5);
    }

    public GroundingTrainingSettings withEpochs(int epochs) {
        return new GroundingTrainingSettings(architecture, epochs, batchSize, learningRate, seed, presenceWeight,
                cropProbability);
    }

    public GroundingTrainingSettings withSeed(long seed) {
        return new GroundingTrainingSettings(architecture, epochs, batchSize, learningRate, seed, presenceWeight,
                cropProbability);
    }

    public GroundingTrainingSettings withArchitecture(GroundingBlock.Hyperparameters architecture) {
        return new GroundingTrainingSettings(architecture, epochs, batchSize, learningRate, seed, presenceWeight,
                cropProbability);
    }

    public GroundingTrainingSettings withLearningRate(float learningRate) {
        return new GroundingTrainingSettings(architecture, epochs, batchSize, learningRate, seed, presenceWeight,
                cropProbability);
    }

    public GroundingTrainingSettings withBatchSize(int batchSize) {
        return new GroundingTrainingSettings(architecture, epochs, batchSize, learningRate, seed, presenceWeight,
                cropProbability);
    }
}
