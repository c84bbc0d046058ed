package io.sparsight.models.grounding;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A trained track-grounding model, ready to ask: for a window of tracks and some sentences, where in the window each
 * sentence happens and how likely it happens there at all.
 *
 * <p>Not thread-safe: one instance per thread (in Flink, one per subtask).
 */
public final class TrackGroundingModel implements AutoCloseable {

    /** The model trained on simulated tracks that ships in the jar. */
    public static final String BUNDLED = "tracks-synthetic";

    private final Model model;
    private final ModelManifest manifest;
    private final TrackGroundingBlock block;
    private final boolean owned;

    private TrackGroundingModel(Model model, ModelManifest manifest, boolean owned) {
        this.model = model;
        this.manifest = manifest;
        this.block = (TrackGroundingBlock) model.getBlock();
        this.owned = owned;
    }

    public static TrackGroundingModel load(Path dir, Device device) throws ModelArtifactException {
        ModelStore.LoadedModel loaded = ModelStore.load(dir, TrackGroundingBlock.ARCHITECTURE,
                TrackGroundingBlock.VERSION, TrackGroundingModel::block, TrackGroundingModel::inputShapes, device);
        return new TrackGroundingModel(loaded.model(), loaded.manifest(), true);
    }

    public static TrackGroundingModel bundled(String name, Device device) throws ModelArtifactException {
        ModelStore.LoadedModel loaded = ModelStore.loadBundled(name, TrackGroundingBlock.ARCHITECTURE,
                TrackGroundingBlock.VERSION, TrackGroundingModel::block, TrackGroundingModel::inputShapes, device);
        return new TrackGroundingModel(loaded.model(), loaded.manifest(), true);
    }

    /** The manifest of a new track-grounding model. */
    public static ModelManifest manifestFor(String name, TrackGroundingBlock.Hyperparameters hp) {
        ModelManifest manifest = new ModelManifest();
        manifest.name = name;
        manifest.architecture = TrackGroundingBlock.ARCHITECTURE;
        manifest.architectureVersion = TrackGroundingBlock.VERSION;
        manifest.input.frames = hp.frames();
        manifest.hyperparameters.putAll(hp.asMap());
        return manifest;
    }

    private static TrackGroundingBlock block(ModelManifest manifest) {
        return new TrackGroundingBlock(TrackGroundingBlock.Hyperparameters.fromMap(manifest.hyperparameters));
    }

    private static Shape[] inputShapes(ModelManifest manifest) {
        TrackGroundingBlock.Hyperparameters hp =
                TrackGroundingBlock.Hyperparameters.fromMap(manifest.hyperparameters);
        Shape[] visual = TrackGrounding.shapes(hp, 1);
        return new Shape[] {visual[0], visual[1], new Shape(1, hp.textDim())};
    }

    public TrackGroundingBlock.Hyperparameters hyperparameters() {
        return block.hyperparameters();
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** The DJL model (for evaluation over a {@link GroundingNetwork}); stays owned by this. */
    public Model model() {
        return model;
    }

    /**
     * One window asked {@code queries} sentences: the track tokens are computed once and shared by every query.
     *
     * @param window the window's tracks ({@link TrackWindow#encode} with this model's frames and slots)
     * @param classEmbeddings a class name's sentence embedding
     * @param sentences {@code queries} sentence embeddings, {@code textDim} floats each
     */
    public List<GroundingModel.Prediction> predictWindow(TrackWindow.Encoded window,
            Function<String, float[]> classEmbeddings, float[] sentences, int queries) {
        TrackGroundingBlock.Hyperparameters hp = hyperparameters();
        if (window.features().length != hp.frames() * hp.slots() * hp.features()
                || sentences.length != queries * hp.textDim()) {
            throw new IllegalArgumentException("expected a window of " + hp.frames() + "x" + hp.slots() + "x"
                    + hp.features() + " features and " + queries + " sentences of " + hp.textDim() + ", got "
                    + window.features().length + " and " + sentences.length);
        }
        float[] classes = new float[hp.slots() * hp.textDim()];
        TrackGrounding.classes(window.labels(), classEmbeddings, hp.textDim(), classes, 0);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            Shape[] shapes = TrackGrounding.shapes(hp, 1);
            NDArray features = manager.create(window.features(), shapes[0]);
            NDArray tracks = block.trackTokens(store, features, manager.create(classes, shapes[1]), false);
            NDList out = block.fuse(store, tracks.repeat(0, queries),
                    TrackGroundingBlock.seen(features).repeat(0, queries),
                    manager.create(sentences, new Shape(queries, hp.textDim())), false);
            return GroundingModel.predictions(out, queries);
        }
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }
}
