package io.sparsight.models.grounding;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained grounding model, ready to ask: for a batch of (window, sentence embedding) pairs, where in each window the
 * sentence happens (start and end as fractions of the window) and how likely it happens there at all.
 *
 * <p>Not thread-safe: one instance per thread (in Flink, one per subtask).
 */
public final class GroundingModel implements AutoCloseable {

    /** The model trained on the synthetic grounding dataset that ships in the jar. */
    public static final String BUNDLED = "grounding-synthetic";

    /** One answer: the moment as fractions of the window, and the presence probability. */
    public record Prediction(double start, double end, double presence) {
        public Moment in(double windowStart, double windowLength) {
            return new Moment(windowStart + start * windowLength, windowStart + end * windowLength);
        }
    }

    private final Model model;
    private final ModelManifest manifest;
    private final GroundingBlock block;
    private final boolean owned;

    private GroundingModel(Model model, ModelManifest manifest, boolean owned) {
        this.model = model;
        this.manifest = manifest;
        this.block = (GroundingBlock) model.getBlock();
        this.owned = owned;
    }

    public static GroundingModel load(Path dir) throws ModelArtifactException {
        return load(dir, Devices.chosen());
    }

    public static GroundingModel load(Path dir, Device device) throws ModelArtifactException {
        ModelStore.LoadedModel loaded = ModelStore.load(dir, GroundingBlock.ARCHITECTURE, GroundingBlock.VERSION,
                GroundingModel::block, GroundingModel::inputShapes, device);
        return new GroundingModel(loaded.model(), loaded.manifest(), true);
    }

    public static GroundingModel bundled() throws ModelArtifactException {
        return bundled(BUNDLED, Devices.chosen());
    }

    public static GroundingModel bundled(String name, Device device) throws ModelArtifactException {
        ModelStore.LoadedModel loaded = ModelStore.loadBundled(name, GroundingBlock.ARCHITECTURE,
                GroundingBlock.VERSION, GroundingModel::block, GroundingModel::inputShapes, device);
        return new GroundingModel(loaded.model(), loaded.manifest(), true);
    }

    /** A view of a model being trained (closing it leaves the model open). */
    public static GroundingModel of(Model model, ModelManifest manifest) {
        return new GroundingModel(model, manifest, false);
    }

    /** The manifest of a new grounding model. */
    public static ModelManifest manifestFor(String name, GroundingBlock.Hyperparameters hp) {
        ModelManifest manifest = new ModelManifest();
        manifest.name = name;
        manifest.architecture = GroundingBlock.ARCHITECTURE;
        manifest.architectureVersion = GroundingBlock.VERSION;
        manifest.input.width = hp.width();
        manifest.input.height = hp.height();
        manifest.input.channels = hp.channels();
        manifest.input.frames = hp.frames();
        manifest.hyperparameters.putAll(hp.asMap());
        return manifest;
    }

    private static GroundingBlock block(ModelManifest manifest) {
        return new GroundingBlock(GroundingBlock.Hyperparameters.fromMap(manifest.hyperparameters));
    }

    private static Shape[] inputShapes(ModelManifest manifest) {
        GroundingBlock.Hyperparameters hp = GroundingBlock.Hyperparameters.fromMap(manifest.hyperparameters);
        return new Shape[] {new Shape(1, hp.frames(), hp.channels(), hp.height(), hp.width()),
                new Shape(1, hp.textDim())};
    }

    public GroundingBlock.Hyperparameters hyperparameters() {
        return block.hyperparameters();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The DJL model (for evaluation over a {@link GroundingNetwork}); stays owned by this. */
    public Model model() {
        return model;
    }

    /** Floats per window: frames x channels x height x width. */
    public int windowSize() {
        GroundingBlock.Hyperparameters hp = hyperparameters();
        return hp.frames() * hp.channels() * hp.height() * hp.width();
    }

    /**
     * @param windows {@code batch} windows, {@link #windowSize()} floats each (see {@link GroundingWindow})
     * @param sentences {@code batch} sentence embeddings, {@code textDim} floats each
     */
    public List<Prediction> predict(float[] windows, float[] sentences, int batch) {
        GroundingBlock.Hyperparameters hp = hyperparameters();
        if (windows.length != (long) batch * windowSize() || sentences.length != batch * hp.textDim()) {
            throw new IllegalArgumentException("expected " + batch + " windows of " + windowSize() + " floats and "
                    + batch + " sentences of " + hp.textDim() + ", got " + windows.length + " and " + sentences.length);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(
                    manager.create(windows, new Shape(batch, hp.frames(), hp.channels(), hp.height(), hp.width())),
                    manager.create(sentences, new Shape(batch, hp.textDim()))), false);
            return predictions(out, batch);
        }
    }

    /**
     * One window asked {@code queries} sentences: the frames go through the visual half once and its tokens are
     * shared by every query (the same answers as {@link #predict} with the window repeated, at the cost of one).
     *
     * @param window {@link #windowSize()} floats
     * @param sentences {@code queries} sentence embeddings, {@code textDim} floats each
     */
    public List<Prediction> predictWindow(float[] window, float[] sentences, int queries) {
        GroundingBlock.Hyperparameters hp = hyperparameters();
        if (window.length != windowSize() || sentences.length != queries * hp.textDim()) {
            throw new IllegalArgumentException("expected one window of " + windowSize() + " floats and " + queries
                    + " sentences of " + hp.textDim() + ", got " + window.length + " and " + sentences.length);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            NDArray visual = block.frameTokens(store,
                    manager.create(window, new Shape(1, hp.frames(), hp.channels(), hp.height(), hp.width())), false);
            NDList out = block.fuse(store, visual.repeat(0, queries),
                    manager.create(sentences, new Shape(queries, hp.textDim())), false);
            return predictions(out, queries);
        }
    }

    /** A block's outputs (moments, presence logits) as predictions. */
    static List<Prediction> predictions(NDList out, int batch) {
        float[] moments = out.get(0).toFloatArray();
        float[] presence = out.get(1).toFloatArray();
        List<Prediction> predictions = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            predictions.add(new Prediction(moments[2 * i], moments[2 * i + 1], 1 / (1 + Math.exp(-presence[i]))));
        }
        return predictions;
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }
}
