package io.sparsight.models.anomaly;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
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
import java.util.Random;

/**
 * Trains the anomaly frame predictor on normal footage: every run of {@code context + 1} consecutive frames of a
 * training video is one sample (the context in, the next frame as target), shuffled with the seed, Adam with a
 * cosine-decayed learning rate, {@link PredictionLoss}.
 *
 * <p>Checkpoints after every epoch ({@link TrainingCheckpoint}); a run started again with the same work folder and
 * settings resumes after the last finished epoch, with the sample order of an uninterrupted run.
 */
public final class AnomalyTrainer {

    private final TrainingSettings settings;

    public AnomalyTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Trains a new model (or resumes the one in {@code workDir}); the caller owns, saves and closes it. */
    public Model train(List<FrameSequence> videos, Path workDir, TrainingListener listener) throws IOException {
        List<int[]> samples = samples(videos);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no training samples: every video needs at least "
                    + (settings.architecture().context() + 1) + " frames");
        }
        if (settings.windowWidth() % 4 != 0 || settings.windowHeight() % 4 != 0) {
            throw new IllegalArgumentException("the training window " + settings.windowWidth() + "x"
                    + settings.windowHeight() + " must have sides divisible by 4");
        }
        Files.createDirectories(workDir);
        Engine engine = OfflineRuntime.pytorch();
        engine.setRandomSeed(Long.hashCode(settings.seed()));
        int stepsPerEpoch = samples.size() / settings.batchSize();
        Model model = Model.newInstance("anomaly", Devices.chosen(), OfflineRuntime.ENGINE);
        AnomalyBlock predictor = new AnomalyBlock(settings.architecture());
        model.setBlock(predictor);
        predictor.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(settings.batchSize()));
        int epochsDone = TrainingCheckpoint.resume(model, workDir);
        if (epochsDone > 0) {
            listener.onResume(epochsDone);
        }
        try (Trainer trainer = model.newTrainer(EpochLoop.adamCosine(settings.learningRate(),
                stepsPerEpoch * settings.epochs(), epochsDone * stepsPerEpoch))) {
            PredictionLoss loss = new PredictionLoss(settings.auxWeight());
            EpochLoop.run(model, trainer, workDir, samples, settings.batchSize(), settings.epochs(), epochsDone,
                    settings.seed(), (t, batch, random, epoch, step) -> step(t, loss, videos, batch, random), listener,
                    " (see ONEDNN_MAX_CPU_ISA in docs/architecture.md)");
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private float step(Trainer trainer, PredictionLoss loss, List<FrameSequence> videos, List<int[]> batch,
            Random random) {
        int context = settings.architecture().context();
        int w = settings.windowWidth();
        int h = settings.windowHeight();
        float[] data = new float[batch.size() * (context + 1) * w * h];
        int offset = 0;
        for (int[] sample : batch) {
            List<float[]> frames = videos.get(sample[0]).frames();
            int x0 = random.nextInt(settings.width() - w + 1);
            int y0 = random.nextInt(settings.height() - h + 1);
            for (int t = sample[1] - context; t <= sample[1]; t++) {
                float[] frame = frames.get(t);
                for (int y = 0; y < h; y++) {
                    System.arraycopy(frame, (y0 + y) * settings.width() + x0, data, offset, w);
                    offset += w;
                }
            }
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray clips = manager.create(data,
                    new Shape(batch.size(), context + 1, h, w));
            NDArray input = clips.get(":, 0:" + context);
            NDArray current = clips.get(":, " + (context - 1) + ":" + context);
            NDArray next = clips.get(":, " + context + ":" + (context + 1));
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(input));
                NDArray total = loss.of(out.get(0), next, current, out.get(1));
                value = total.getFloat();
                collector.backward(total);
            }
            return FiniteSteps.step(trainer) ? value : Float.NaN;
        }
    }

    /** (video index, index of the frame to predict) for every frame with a full context before it. */
    private List<int[]> samples(List<FrameSequence> videos) {
        int context = settings.architecture().context();
        List<int[]> samples = new ArrayList<>();
        for (int v = 0; v < videos.size(); v++) {
            FrameSequence video = videos.get(v);
            if (video.width() != settings.width() || video.height() != settings.height()) {
                throw new IllegalArgumentException("video " + video.name() + " is " + video.width() + "x"
                        + video.height() + ", training is at " + settings.width() + "x" + settings.height());
            }
            for (int t = context; t < video.size(); t++) {
                samples.add(new int[] {v, t});
            }
        }
        return samples;
    }

    Shape inputShape(int batch) {
        return new Shape(batch, settings.architecture().context(), settings.windowHeight(), settings.windowWidth());
    }
}
