package io.sparsight.models.diffusion;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained video DiT ({@link VideoDitBlock}) to call: predicts a camera's next frames from its last ones with the
 * seeded {@link FlowSampler}, or fills a gap from the frames on both sides of it, running the attention plan found in the model folder ({@link AttentionPlan#FILE}; all
 * dense without one). Frames are grey, {@code width * height} values in [0, 1], oldest first.
 */
public final class DiffusionModel implements AutoCloseable {

    public static final String ARCHITECTURE = "video-dit-flow";
    /** 2: one network for both {@link DiffusionTask}s (task embeddings). */
    public static final int VERSION = 2;

    /**
     * The hyperparameter (optional) that sets the sampler steps of {@link #predict}: written by calibration, which
     * measures the normal PSNR of predictions made so. Without it predictions take {@code samplerSteps}.
     */
    public static final String PREDICTION_STEPS = "predictionSteps";
    /**
     * The hyperparameter (optional, {@code targetFrames} without it) of how many frames apart predictions are scored:
     * {@link #scoreStride()}.
     */
    public static final String SCORE_STRIDE = "scoreStride";
    /** The hyperparameter (optional, velocity without it) of what the network outputs ({@link FlowSampler}). */
    public static final String NETWORK_OUTPUT = "networkOutput";
    /** The hyperparameter (optional, 0 without it) of the flow's residual scale ({@link FlowSampler}). */
    public static final String RESIDUAL_SCALE = "residualScale";

    private final ModelStore.LoadedModel loaded;
    private final VideoDitBlock network;
    private final FlowSampler sampler;

    private DiffusionModel(ModelStore.LoadedModel loaded) {
        this.loaded = loaded;
        this.network = (VideoDitBlock) loaded.model().getBlock();
        Object residual = loaded.manifest().hyperparameters.get(RESIDUAL_SCALE);
        this.sampler = new FlowSampler(intOf(loaded.manifest().hyperparameters, "samplerSteps"),
                residual instanceof Number scale ? scale.floatValue() : 0,
                FlowSampler.NetworkOutput.of(loaded.manifest().hyperparameters.get(NETWORK_OUTPUT)));
    }

    /**
     * Sampler steps of a prediction. One step from noise at t = 1 gives the network's estimate of the conditional mean
     * of the next frames (the velocity at t = 1 is noise minus that mean), the prediction with the least expected
     * squared error; more steps give a sample, sharper but further from the mean. Repair always takes
     * {@code samplerSteps}, since its frames are to be looked at.
     */
    public int predictionSteps() {
        Object steps = loaded.manifest().hyperparameters.get(PREDICTION_STEPS);
        return steps == null ? sampler.steps() : intOf(loaded.manifest().hyperparameters, PREDICTION_STEPS);
    }

    /**
     * How many frames apart a camera's frames are predicted to score them (1 .. {@code targetFrames}): every
     * {@code scoreStride} frames, the next {@code targetFrames} are predicted from the {@code conditionFrames} before
     * them and the first {@code scoreStride} of them are scored. 1 scores every frame by a prediction one frame ahead
     * (at {@code targetFrames} times the work of the largest stride, which scores frames predicted further ahead too).
     */
    public int scoreStride() {
        int targetFrames = hyperparameters().targetFrames();
        if (loaded.manifest().hyperparameters.get(SCORE_STRIDE) == null) {
            return targetFrames;
        }
        int stride = intOf(loaded.manifest().hyperparameters, SCORE_STRIDE);
        return checkedStride(stride, targetFrames);
    }

    /** {@code stride} when it is a valid {@link #scoreStride()} of a model predicting {@code targetFrames} frames. */
    public static int checkedStride(int stride, int targetFrames) {
        if (stride < 1 || stride > targetFrames) {
            throw new IllegalArgumentException("a score stride is 1 to the model's " + targetFrames
                    + " predicted frames, got " + stride);
        }
        return stride;
    }

    /** @param device where it runs (see {@code Devices.chosen}) */
    public static DiffusionModel load(Path dir, Device device) throws ModelArtifactException {
        AttentionPlan plan = plan(dir);
        return new DiffusionModel(ModelStore.load(dir, ARCHITECTURE, VERSION, m -> block(m, plan),
                DiffusionModel::inputShapes, device));
    }

    /** The model shipped in the jar (trained on UCSD Ped2, with its searched plan). */
    public static final String BUNDLED = "diffusion-ped2";

    /** A model bundled in the jar under {@code /models/<name>/}, with the plan bundled beside it (dense without). */
    public static DiffusionModel bundled(String name, Device device) throws ModelArtifactException {
        AttentionPlan plan = bundledPlan(name);
        return new DiffusionModel(ModelStore.loadBundled(name, ARCHITECTURE, VERSION, m -> block(m, plan),
                DiffusionModel::inputShapes, device));
    }

    /** As {@link #bundled}, with dense attention whatever plan is bundled (what the benchmark measures against). */
    public static DiffusionModel bundledDense(String name, Device device) throws ModelArtifactException {
        return new DiffusionModel(ModelStore.loadBundled(name, ARCHITECTURE, VERSION, m -> block(m, null),
                DiffusionModel::inputShapes, device));
    }

    /** The attention plan bundled beside the model {@code name}; null when there is none (dense). */
    public static AttentionPlan bundledPlan(String name) throws ModelArtifactException {
        try (InputStream in = DiffusionModel.class.getResourceAsStream("/models/" + name + "/" + AttentionPlan.FILE)) {
            return in == null ? null : AttentionPlan.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException("the attention plan of the bundled model '" + name + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** As {@link #load}, with dense attention whatever plan the folder holds (what the search measures against). */
    public static DiffusionModel loadDense(Path dir, Device device) throws ModelArtifactException {
        return new DiffusionModel(ModelStore.load(dir, ARCHITECTURE, VERSION, m -> block(m, null),
                DiffusionModel::inputShapes, device));
    }

    /** The network itself (for the search and the benchmark). */
    public VideoDitBlock network() {
        return network;
    }

    public FlowSampler sampler() {
        return sampler;
    }

    /**
     * Conditioning inputs for the search and the benchmark: {@code clips} runs of past frames spread evenly over the
     * videos, as one batch {@code (clips, M, H, W)} in [-1, 1] owned by {@code manager}.
     */
    public NDArray calibration(List<List<float[]>> videos, int clips, NDManager manager) {
        VideoDitBlock.Hyperparameters hp = network.hyperparameters();
        List<float[][]> runs = new ArrayList<>();
        for (List<float[]> video : videos) {
            for (int start = 0; start + hp.conditionFrames() <= video.size(); start += hp.conditionFrames()) {
                runs.add(video.subList(start, start + hp.conditionFrames()).toArray(new float[0][]));
            }
        }
        if (runs.size() < clips) {
            throw new IllegalArgumentException("the calibration footage has " + runs.size() + " runs of "
                    + hp.conditionFrames() + " frames; " + clips + " are needed");
        }
        int pixels = hp.width() * hp.height();
        float[] data = new float[clips * hp.conditionFrames() * pixels];
        int offset = 0;
        for (int c = 0; c < clips; c++) {
            for (float[] frame : runs.get((int) ((long) c * runs.size() / clips))) {
                for (float v : frame) {
                    data[offset++] = v * 2 - 1;
                }
            }
        }
        return manager.create(data, new Shape(clips, hp.conditionFrames(), hp.height(), hp.width()));
    }

    /** Wraps a model just trained (dense attention). */
    public static DiffusionModel of(Model model, ModelManifest manifest) {
        return new DiffusionModel(new ModelStore.LoadedModel(model, manifest));
    }

    /** The manifest of a freshly trained model: architecture, input, sampler and how it was trained. */
    public static ModelManifest manifestFor(String name, DiffusionTrainer.Settings settings, int samplerSteps) {
        VideoDitBlock.Hyperparameters hp = settings.architecture();
        ModelManifest manifest = new ModelManifest();
        manifest.name = name;
        manifest.architecture = ARCHITECTURE;
        manifest.architectureVersion = VERSION;
        manifest.input.width = hp.width();
        manifest.input.height = hp.height();
        manifest.input.frames = hp.conditionFrames();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("patch", hp.patch());
        map.put("conditionFrames", hp.conditionFrames());
        map.put("targetFrames", hp.targetFrames());
        map.put("dim", hp.dim());
        map.put("heads", hp.heads());
        map.put("layers", hp.layers());
        map.put("samplerSteps", samplerSteps);
        if (settings.residualScale() > 0) {
            map.put(RESIDUAL_SCALE, settings.residualScale());
        }
        if (settings.networkOutput() != FlowSampler.NetworkOutput.VELOCITY) {
            map.put(NETWORK_OUTPUT, settings.networkOutput().key());
        }
        manifest.hyperparameters = map;
        manifest.training.epochs = settings.epochs();
        manifest.training.seed = settings.seed();
        return manifest;
    }

    public VideoDitBlock.Hyperparameters hyperparameters() {
        return network.hyperparameters();
    }

    public ModelManifest manifest() {
        return loaded.manifest();
    }

    public Model model() {
        return loaded.model();
    }

    /**
     * The next {@code targetFrames} frames of each camera in the batch: {@code conditions.get(i)} holds its last
     * {@code conditionFrames} frames and {@code seeds[i]} seeds its sampler; the same seed and frames give the same
     * prediction, whatever else is in the batch.
     */
    public List<float[][]> predict(List<float[][]> conditions, long[] seeds) {
        return predict(conditions, seeds, predictionSteps());
    }

    /** As {@link #predict(List, long[])}, sampled in {@code steps} steps. */
    public List<float[][]> predict(List<float[][]> conditions, long[] seeds, int steps) {
        return generate(conditions, DiffusionTask.PREDICT, seeds, sampler.withSteps(steps));
    }

    /**
     * The {@code targetFrames} frames of a gap, for each camera in the batch: {@code before.get(i)} holds the
     * {@code conditionFrames - targetFrames} frames before its gap and {@code after.get(i)} the {@code targetFrames}
     * frames after it; {@code seeds[i]} seeds its sampler.
     */
    public List<float[][]> repair(List<float[][]> before, List<float[][]> after, long[] seeds) {
        VideoDitBlock.Hyperparameters hp = network.hyperparameters();
        if (before.size() != after.size()) {
            throw new IllegalArgumentException("repair needs frames before and after every gap: " + before.size()
                    + " and " + after.size() + " given");
        }
        List<float[][]> conditions = new ArrayList<>(before.size());
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).length != hp.conditionFrames() - hp.targetFrames() || after.get(i).length != hp.targetFrames()) {
                throw new IllegalArgumentException("repair needs " + (hp.conditionFrames() - hp.targetFrames())
                        + " frames before the gap and " + hp.targetFrames() + " after it, got " + before.get(i).length
                        + " and " + after.get(i).length);
            }
            float[][] condition = Arrays.copyOf(before.get(i), hp.conditionFrames());
            System.arraycopy(after.get(i), 0, condition, before.get(i).length, hp.targetFrames());
            conditions.add(condition);
        }
        return generate(conditions, DiffusionTask.REPAIR, seeds, sampler);
    }

    private List<float[][]> generate(List<float[][]> conditions, DiffusionTask task, long[] seeds,
            FlowSampler sampler) {
        VideoDitBlock.Hyperparameters hp = network.hyperparameters();
        int pixels = hp.width() * hp.height();
        int batch = conditions.size();
        float[] input = new float[batch * hp.conditionFrames() * pixels];
        int offset = 0;
        for (float[][] frames : conditions) {
            if (frames.length != hp.conditionFrames()) {
                throw new IllegalArgumentException("the model needs " + hp.conditionFrames() + " past frames, got "
                        + frames.length);
            }
            for (float[] frame : frames) {
                if (frame.length != pixels) {
                    throw new IllegalArgumentException("the model takes " + hp.width() + "x" + hp.height()
                            + " frames, got " + frame.length + " values");
                }
                for (float v : frame) {
                    input[offset++] = v * 2 - 1;
                }
            }
        }
        try (NDManager manager = loaded.model().getNDManager().newSubManager()) {
            NDArray condition = manager.create(input, new Shape(batch, hp.conditionFrames(), hp.height(), hp.width()));
            float[] out = sampler.sample(network, new ParameterStore(manager, false), condition, task, seeds)
                    .add(1).div(2).toFloatArray();
            List<float[][]> predictions = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                float[][] frames = new float[hp.targetFrames()][pixels];
                for (int f = 0; f < hp.targetFrames(); f++) {
                    System.arraycopy(out, (i * hp.targetFrames() + f) * pixels, frames[f], 0, pixels);
                }
                predictions.add(frames);
            }
            return predictions;
        }
    }

    private static AttentionPlan plan(Path dir) throws ModelArtifactException {
        if (!Files.isRegularFile(dir.resolve(AttentionPlan.FILE))) {
            return null;
        }
        try {
            return AttentionPlan.read(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException("the attention plan in " + dir + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static VideoDitBlock block(ModelManifest manifest, AttentionPlan plan) {
        VideoDitBlock.Hyperparameters hp = hyperparameters(manifest);
        return plan == null ? VideoDitBlock.dense(hp) : new VideoDitBlock(hp, plan);
    }

    static VideoDitBlock.Hyperparameters hyperparameters(ModelManifest manifest) {
        Map<String, Object> map = manifest.hyperparameters;
        return new VideoDitBlock.Hyperparameters(manifest.input.width, manifest.input.height, intOf(map, "patch"),
                intOf(map, "conditionFrames"), intOf(map, "targetFrames"), intOf(map, "dim"), intOf(map, "heads"),
                intOf(map, "layers"));
    }

    private static Shape[] inputShapes(ModelManifest manifest) {
        VideoDitBlock.Hyperparameters hp = hyperparameters(manifest);
        return new Shape[] {new Shape(1, hp.conditionFrames(), hp.height(), hp.width()),
                new Shape(1, hp.targetFrames(), hp.height(), hp.width()), new Shape(1), new Shape(1)};
    }

    private static int intOf(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("model.json hyperparameters need an integer '" + key + "', got " + value);
        }
        return number.intValue();
    }

    @Override
    public void close() {
        loaded.close();
    }
}
