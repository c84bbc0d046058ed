package io.sparsight.models.anomaly;

/**
 * How the anomaly frame predictor is trained. The defaults are what the shipped Ped2 model was trained with.
 *
 * @param width analysis width (divisible by 4)
 * @param height analysis height (divisible by 4)
 * @param epochs passes over every (context, next frame) sample of the training videos
 * @param seed seeds parameter initialisation and the sample order: the same seed and data give the same model
 * @param crop side of the square window cut at a random place out of every training sample (the predictor is
 *     fully convolutional, so it still scores whole frames); 0 trains on whole frames
 * @param batchSize samples per optimiser step
 * @param learningRate Adam's peak learning rate (cosine decay to a tenth of it over the run)
 * @param auxWeight weight of the SFFM load-balancing loss
 */
public record TrainingSettings(int width, int height, int epochs, long seed, int crop, int batchSize, float learningRate,
        float auxWeight, AnomalyBlock.Hyperparameters architecture) {

    public static TrainingSettings defaults() {
        return new TrainingSettings(180, 120, 8, 42L, 64, 8, 1e-3f, 0.01f, AnomalyBlock.Hyperparameters.defaults());
    }

    public TrainingSettings withEpochs(int value) {
        return new TrainingSettings(width, height, value, seed, crop, batchSize, learningRate, auxWeight, architecture);
    }

    public TrainingSettings withSeed(long value) {
        return new TrainingSettings(width, height, epochs, value, crop, batchSize, learningRate, auxWeight, architecture);
    }

    public TrainingSettings withSize(int w, int h) {
        return new TrainingSettings(w, h, epochs, seed, crop, batchSize, learningRate, auxWeight, architecture);
    }

    public TrainingSettings withArchitecture(AnomalyBlock.Hyperparameters value) {
        return new TrainingSettings(width, height, epochs, seed, crop, batchSize, learningRate, auxWeight, value);
    }

    public TrainingSettings withCrop(int value) {
        return new TrainingSettings(width, height, epochs, seed, value, batchSize, learningRate, auxWeight, architecture);
    }

    /** Width of the training window: the crop, or the whole frame. */
    public int windowWidth() {
        return crop > 0 ? Math.min(crop, width) : width;
    }

    /** Height of the training window: the crop, or the whole frame. */
    public int windowHeight() {
        return crop > 0 ? Math.min(crop, height) : height;
    }
}
