package io.sparsight.models.grounding;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.VideoClip;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Trains a {@link GroundingBlock}. Every epoch, each training query gives two examples over the same window: its own
 * sentence (presence 1 and its moment; or presence 0 when a crop leaves the moment out) and the sentence of a query
 * from another video (presence 0). The window is the whole video, or with {@code cropProbability} a random part of it
 * (half to all of it), as a stream's sliding windows cut moments: a moment at least half inside counts as present (its
 * visible part is the target), one wholly outside as absent, anything between trains neither head.
 * Loss: TDIoU over the examples with a moment plus {@code presenceWeight} x binary cross-entropy of presence. Adam with
 * a cosine learning rate; a checkpoint after every epoch ({@link TrainingCheckpoint}).
 */
public final class GroundingTrainer {

    private final GroundingTrainingSettings settings;
    /** Whether the last step's gradients were not finite (and the step was skipped). */
    private boolean skippedLast;

    public GroundingTrainer(GroundingTrainingSettings settings) {
        this.settings = settings;
    }

    /** One example: a window of a video, a sentence, and what the model should say. */
    private record Example(VideoWindow window, float[] text, float momentStart, float momentEnd, boolean hasMoment,
            float presence, float presenceWeight) {}

    /** Trains a pixel model ({@link GroundingBlock} with the settings' architecture) on decoded videos. */
    public Model train(Map<String, VideoClip> clips, List<GroundingSample> queries, List<GroundingSample> validation,
            Function<String, float[]> sentences, Path workDir, TrainingListener listener) throws IOException {
        return train(new PixelGrounding(settings.architecture(), clips), queries, validation, sentences, workDir,
                listener);
    }

    /**
     * Trains a new model of {@code network}'s family (or resumes the one in {@code workDir}); the caller owns, saves
     * and closes it.
     *
     * @param validation queries to score after every epoch (reported through {@link TrainingListener#onNote}); may
     *     be empty
     */
    public Model train(GroundingNetwork network, List<GroundingSample> queries, List<GroundingSample> validation,
            Function<String, float[]> sentences, Path workDir, TrainingListener listener) throws IOException {
        for (GroundingSample q : queries) {
            try {
                network.seconds(q.videoId());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no video '" + q.videoId() + "' for the query '" + q.sentence()
                        + "'");
            }
        }
        int stepsPerEpoch = 2 * queries.size() / settings.batchSize();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("too few training queries (" + queries.size() + ") for a batch of "
                    + settings.batchSize());
        }
        Map<String, float[]> embeddings = new HashMap<>();
        for (GroundingSample q : queries) {
            embeddings.computeIfAbsent(q.sentence(), sentences);
        }
        Files.createDirectories(workDir);
        Engine engine = OfflineRuntime.pytorch();
        engine.setRandomSeed(Long.hashCode(settings.seed()));
        Model model = Model.newInstance("grounding", Devices.chosen(), OfflineRuntime.ENGINE);
        Block block = network.newBlock();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes(network, settings.batchSize()));
        int epochsDone = TrainingCheckpoint.resume(model, workDir);
        if (epochsDone > 0) {
            listener.onResume(epochsDone);
        }
        int totalSteps = stepsPerEpoch * settings.epochs();
        try (Trainer trainer = model.newTrainer(config(totalSteps, epochsDone * stepsPerEpoch))) {
            TdIouLoss tdIou = new TdIouLoss();
            for (int epoch = epochsDone; epoch < settings.epochs(); epoch++) {
                long start = System.nanoTime();
                Random random = new Random(settings.seed() * 1_000_003L + epoch);
                List<Example> examples = examples(queries, network, embeddings, random);
                Collections.shuffle(examples, random);
                double sum = 0;
                int skipped = 0;
                int skippedInARow = 0;
                for (int step = 0; step < stepsPerEpoch; step++) {
                    float value = step(trainer, tdIou, network, examples.subList(step * settings.batchSize(),
                            (step + 1) * settings.batchSize()));
                    if (skippedLast && ++skippedInARow < EpochLoop.MAX_SKIPPED_IN_A_ROW) {
                        skipped++;
                        continue;
                    }
                    skippedInARow = 0;
                    if (!Float.isFinite(value)) {
                        throw new IllegalStateException("training diverged: the loss is " + value + " at epoch "
                                + (epoch + 1) + " step " + (step + 1) + " (see ONEDNN_MAX_CPU_ISA in docs/architecture.md)");
                    }
                    sum += value;
                    listener.onStep(epoch + 1, step + 1, stepsPerEpoch, value);
                }
                TrainingCheckpoint.save(model, workDir, epoch + 1);
                listener.onEpoch(epoch + 1, (float) (sum / Math.max(1, stepsPerEpoch - skipped)),
                        (System.nanoTime() - start) / 1e9);
                if (skipped > 0) {
                    listener.onNote("  " + skipped + " step(s) skipped: non-finite gradients (see ONEDNN_MAX_CPU_ISA in"
                            + " docs/architecture.md)");
                }
                if (!validation.isEmpty()) {
                    GroundingEvaluation.Result r = GroundingEvaluation.evaluate(model, network, validation,
                            s -> embeddings.computeIfAbsent(s, sentences), 16);
                    listener.onNote(String.format(Locale.ROOT, "  validation: R@1 IoU0.5 %.1f  IoU0.7 %.1f  mIoU %.1f"
                            + "  mean presence %.2f (%d queries)", r.r1Iou05(), r.r1Iou07(), r.meanIou(),
                            r.meanPresence(), r.queries()));
                }
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    private List<Example> examples(List<GroundingSample> queries, GroundingNetwork network,
            Map<String, float[]> embeddings, Random random) {
        List<Example> examples = new ArrayList<>(2 * queries.size());
        for (GroundingSample q : queries) {
            double duration = network.seconds(q.videoId());
            double length = duration;
            double start = 0;
            if (random.nextDouble() < settings.cropProbability()) {
                length = duration * (0.5 + 0.5 * random.nextDouble());
                start = random.nextDouble() * (duration - length);
            }
            VideoWindow window = new VideoWindow(q.videoId(), start, length);
            double visibleStart = Math.max(q.moment().start(), start);
            double visibleEnd = Math.min(q.moment().end(), start + length);
            double visible = Math.max(0, visibleEnd - visibleStart);
            float[] text = embeddings.get(q.sentence());
            if (visible >= 0.5 * q.moment().duration() && visible > 0) {
                examples.add(new Example(window, text, (float) ((visibleStart - start) / length),
                        (float) ((visibleEnd - start) / length), true, 1, 1));
            } else {
                examples.add(new Example(window, text, 0, 0, false, 0, visible > 0 ? 0 : 1));
            }
            GroundingSample other = otherVideosQuery(queries, q, random);
            if (other != null) {
                examples.add(new Example(window, embeddings.get(other.sentence()), 0, 0, false, 0, 1));
            }
        }
        return examples;
    }

    private static GroundingSample otherVideosQuery(List<GroundingSample> queries, GroundingSample q, Random random) {
        for (int tries = 0; tries < 20; tries++) {
            GroundingSample other = queries.get(random.nextInt(queries.size()));
            if (!other.videoId().equals(q.videoId())) {
                return other;
            }
        }
        return null;
    }

    private float step(Trainer trainer, TdIouLoss tdIou, GroundingNetwork network, List<Example> batch) {
        int b = batch.size();
        int textDim = network.textDim();
        float[] text = new float[b * textDim];
        float[] moments = new float[2 * b];
        float[] hasMoment = new float[b];
        float[] presence = new float[b];
        float[] presenceWeight = new float[b];
        List<VideoWindow> windows = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            Example e = batch.get(i);
            windows.add(e.window());
            System.arraycopy(e.text(), 0, text, i * textDim, textDim);
            moments[2 * i] = e.momentStart();
            moments[2 * i + 1] = e.momentEnd();
            hasMoment[i] = e.hasMoment() ? 1 : 0;
            presence[i] = e.presence();
            presenceWeight[i] = e.presenceWeight();
        }
        try (NDManager manager = trainer.getManager().newSubManager()) {
            float value;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList inputs = network.windows(manager, windows);
                inputs.add(manager.create(text, new Shape(b, textDim)));
                NDList out = trainer.forward(inputs);
                NDArray momentMask = manager.create(hasMoment);
                NDArray weights = manager.create(presenceWeight);
                NDArray momentLoss = tdIou.perSample(out.get(0), manager.create(moments, new Shape(b, 2)))
                        .mul(momentMask).sum().div(momentMask.sum().maximum(1f));
                NDArray presenceLoss = binaryCrossEntropy(out.get(1), manager.create(presence)).mul(weights).sum()
                        .div(weights.sum().maximum(1f));
                NDArray total = momentLoss.add(presenceLoss.mul((float) settings.presenceWeight()));
                value = total.getFloat();
                collector.backward(total);
            }
            skippedLast = !FiniteSteps.step(trainer);
            return skippedLast ? Float.NaN : value;
        }
    }

    /** Per-sample binary cross-entropy of logits against 0/1 labels, in the numerically stable form. */
    static NDArray binaryCrossEntropy(NDArray logits, NDArray labels) {
        return logits.maximum(0f).sub(logits.mul(labels)).add(logits.abs().neg().exp().add(1f).log());
    }

    /** The first {@value #WARM_UP_STEPS} steps ramp the learning rate up linearly (the transformer starts cold). */
    private static ai.djl.training.tracker.Tracker warmUp(ai.djl.training.tracker.Tracker schedule, int stepsDone) {
        return update -> schedule.getNewValue(update) * Math.min(1f, (update + stepsDone + 1f) / WARM_UP_STEPS);
    }

    private static final int WARM_UP_STEPS = 200;

    /** The block's inputs: the network's visual inputs, then the sentences. */
    static Shape[] inputShapes(GroundingNetwork network, int batch) {
        Shape[] visual = network.windowShapes(batch);
        Shape[] all = java.util.Arrays.copyOf(visual, visual.length + 1);
        all[visual.length] = new Shape(batch, network.textDim());
        return all;
    }

    private DefaultTrainingConfig config(int totalSteps, int stepsDone) {
        return new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(warmUp(
                        TrainingCheckpoint.cosine(settings.learningRate(), totalSteps, stepsDone), stepsDone))
                        .optClipGrad(1f).build())
                .optDevices(new ai.djl.Device[] {Devices.chosen()});
    }
}
