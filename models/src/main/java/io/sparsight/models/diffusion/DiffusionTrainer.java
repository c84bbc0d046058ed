package io.sparsight.models.diffusion;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.EpochLoop;
import io.sparsight.models.runtime.FiniteSteps;
import io.sparsight.models.runtime.OfflineRuntime;
import io.sparsight.models.runtime.TrainingCheckpoint;
import io.sparsight.models.runtime.TrainingListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Trains the video DiT ({@link VideoDitBlock}, dense attention) on normal footage by flow matching, for both
 * {@link DiffusionTask}s: every run of {@code condition + target} consecutive frames of a training video is one
 * sample, given to the network as a prediction or (as often) as a repair; each step draws the task, a time t and
 * noise per sample from a seeded {@link Random}, mixes the targets with the noise
 * ({@link FlowSampler#noised}) and fits the network's output to {@code noise - frames} (mean squared error; or to the
 * frames themselves, {@link FlowSampler.NetworkOutput#TARGETS}). Adam
 * with a cosine-decayed learning rate; a checkpoint after every epoch and every {@link #CHECKPOINT_STEPS} steps
 * ({@link TrainingCheckpoint}), so a run started again with the same work folder and settings resumes where the last
 * one stopped, with the sample order, times and noise of an uninterrupted run. Frames are grey in [0, 1] as {@link FrameSequence} holds them, and [-1, 1] inside the model.
 */
public final class DiffusionTrainer {

    /**
     * @param epochs passes over every sample
     * @param seed seeds initialisation, sample order, times and noise
     */
    public record Settings(VideoDitBlock.Hyperparameters architecture, int epochs, long seed, int batchSize,
            float learningRate, float residualScale, FlowSampler.NetworkOutput networkOutput) {

        public Settings {
            if (residualScale < 0) {
                throw new IllegalArgumentException("the residual scale is 0 (none) or positive, got " + residualScale);
            }
            Objects.requireNonNull(networkOutput, "networkOutput");
        }

        /** Settings of a network that outputs the flow's velocity. */
        public Settings(VideoDitBlock.Hyperparameters architecture, int epochs, long seed, int batchSize,
                float learningRate, float residualScale) {
            this(architecture, epochs, seed, batchSize, learningRate, residualScale,
                    FlowSampler.NetworkOutput.VELOCITY);
        }

        /** Settings whose flow runs on the frames themselves (residual scale 0). */
        public Settings(VideoDitBlock.Hyperparameters architecture, int epochs, long seed, int batchSize,
                float learningRate) {
            this(architecture, epochs, seed, batchSize, learningRate, 0);
        }
    }

    /** Steps between the checkpoints inside an epoch (an epoch of Ped2 is about 300 steps of minutes each). */
    static final int CHECKPOINT_STEPS = 25;

    private final Settings settings;

    public DiffusionTrainer(Settings settings) {
        this.settings = settings;
    }

    /** Trains a new model (or resumes the one in {@code workDir}); the caller owns, saves and closes it. */
    public Model train(List<FrameSequence> videos, Path workDir, TrainingListener listener) throws IOException {
        VideoDitBlock.Hyperparameters hp = settings.architecture();
        List<int[]> samples = samples(videos);
        if (samples.size() < settings.batchSize()) {
            throw new IllegalArgumentException("too few training samples (" + samples.size() + "): every video needs at"
                    + " least " + hp.frames() + " frames, and there must be a batch of " + settings.batchSize());
        }
        Files.createDirectories(workDir);
        Engine engine = OfflineRuntime.pytorch();
        engine.setRandomSeed(Long.hashCode(settings.seed()));
        int stepsPerEpoch = samples.size() / settings.batchSize();
        Model model = Model.newInstance("diffusion", Devices.chosen(), OfflineRuntime.ENGINE);
        VideoDitBlock network = VideoDitBlock.dense(hp);
        model.setBlock(network);
        int b = settings.batchSize();
        network.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(b, hp.conditionFrames(), hp.height(), hp.width()),
                new Shape(b, hp.targetFrames(), hp.height(), hp.width()), new Shape(b), new Shape(b));
        TrainingCheckpoint.Position from = TrainingCheckpoint.resumePosition(model, workDir);
        if (from.epochs() > 0 || from.steps() > 0) {
            listener.onResume(from.epochs());
            if (from.steps() > 0) {
                listener.onNote("resuming " + from.steps() + " steps into epoch " + (from.epochs() + 1));
            }
        }
        int stepsDone = from.epochs() * stepsPerEpoch + from.steps();
        try (Trainer trainer = model.newTrainer(EpochLoop.adamCosine(settings.learningRate(),
                stepsPerEpoch * settings.epochs(), stepsDone))) {
            // every step draws its times and noise from a generator of its own, so a run resumed inside an epoch
            // trains as an uninterrupted one would
            EpochLoop.run(model, trainer, workDir, samples, b, settings.epochs(), from, CHECKPOINT_STEPS,
                    settings.seed(), (t, batch, random, epoch, step) -> step(t, videos, batch,
                            EpochLoop.stepRandom(settings.seed(), epoch, step)), listener, "");
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private float step(Trainer trainer, List<FrameSequence> videos, List<int[]> batch, Random random) {
        VideoDitBlock.Hyperparameters hp = settings.architecture();
        int pixels = hp.width() * hp.height();
        float[] data = new float[batch.size() * hp.frames() * pixels];
        float[] references = new float[batch.size() * pixels];
        float[] tasks = new float[batch.size()];
        int offset = 0;
        for (int s = 0; s < batch.size(); s++) {
            int[] sample = batch.get(s);
            DiffusionTask task = random.nextBoolean() ? DiffusionTask.PREDICT : DiffusionTask.REPAIR;
            tasks[s] = task.ordinal();
            List<float[]> frames = videos.get(sample[0]).frames();
            int first = offset;
            for (int index : task.frameOrder(hp)) {
                float[] frame = frames.get(sample[1] + index);
                for (int i = 0; i < pixels; i++) {
                    data[offset++] = frame[i] * 2 - 1;
                }
            }
            System.arraycopy(data, first + FlowSampler.referenceSlot(task, hp) * pixels, references, s * pixels, pixels);
        }
        float[] times = new float[batch.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = random.nextFloat();
        }
        long noiseSeed = random.nextLong();
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray clips = manager.create(data, new Shape(batch.size(), hp.frames(), hp.height(), hp.width()));
            NDArray condition = clips.get(":, 0:" + hp.conditionFrames());
            NDArray targets = FlowSampler.flowTargets(clips.get(":, " + hp.conditionFrames() + ":"),
                    manager.create(references, new Shape(batch.size(), 1, hp.height(), hp.width())),
                    settings.residualScale());
            NDArray t = manager.create(times);
            NDArray[] example = FlowSampler.noised(targets, FlowSampler.noise(manager, targets.getShape(), noiseSeed), t);
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(condition, example[0], t, manager.create(tasks)))
                        .singletonOrThrow();
                NDArray loss = out.sub(FlowSampler.trainingTarget(settings.networkOutput(), targets, example)).square()
                        .mean();
                value = loss.getFloat();
                collector.backward(loss);
            }
            return FiniteSteps.step(trainer) ? value : Float.NaN;
        }
    }

    /** (video index, index of the first frame) of every run of condition + target frames. */
    private List<int[]> samples(List<FrameSequence> videos) {
        VideoDitBlock.Hyperparameters hp = settings.architecture();
        List<int[]> samples = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            FrameSequence video = videos.get(v);
            if (video.width() != hp.width() || video.height() != hp.height()) {
                throw new IllegalArgumentException("video " + video.name() + " is " + video.width() + "x"
                        + video.height() + ", the model reads " + hp.width() + "x" + hp.height());
            }
            for (int t = 0; t + hp.frames() <= video.size(); t++) {
                samples.add(new int[] {v, t});
            }
        }
        return samples;
    }
}
