package io.sparsight.models.anomaly;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.Device;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained anomaly frame predictor, ready to score: given the last {@code context} frames and the frame that came
 * next, how well did the model predict it. Two PSNRs per frame: over the whole frame, and over its worst-predicted
 * region (the mean squared error of {@value #REGION}x{@value #REGION} pixel windows at half-window steps, the
 * largest one taken). The whole-frame PSNR is the anomaly score (as in the frame-prediction literature); the region
 * PSNR is reported beside it.
 *
 * <p>Not thread-safe: one instance per thread (in Flink, one per subtask).
 */
public final class AnomalyModel implements AutoCloseable {

    /** The model trained on UCSD Ped2 {@code training/} that ships in the jar. */
    public static final String BUNDLED = "anomaly-ped2";
    /** Side of the square window of the region PSNR, in analysis pixels. */
    public static final int REGION = 16;

    private final ModelStore.LoadedModel loaded;
    private final AnomalyBlock predictor;
    private final int width;
    private final int height;
    private final int context;

    /** How well one frame was predicted. */
    public record Prediction(double framePsnr, double regionPsnr) {}

    private AnomalyModel(ModelStore.LoadedModel loaded) {
        this.loaded = loaded;
        this.predictor = (AnomalyBlock) loaded.model().getBlock();
        this.width = loaded.manifest().input.width;
        this.height = loaded.manifest().input.height;
        this.context = loaded.manifest().input.frames;
    }

    public static AnomalyModel load(Path dir) throws ModelArtifactException {
        return load(dir, Devices.chosen());
    }

    public static AnomalyModel load(Path dir, Device device) throws ModelArtifactException {
        return new AnomalyModel(ModelStore.load(dir, AnomalyBlock.ARCHITECTURE, AnomalyBlock.VERSION,
                AnomalyModel::block, m -> new Shape[] {inputShape(m)}, device));
    }

    public static AnomalyModel bundled() throws ModelArtifactException {
        return bundled(BUNDLED, Devices.chosen());
    }

    public static AnomalyModel bundled(String name, Device device) throws ModelArtifactException {
        return new AnomalyModel(ModelStore.loadBundled(name, AnomalyBlock.ARCHITECTURE, AnomalyBlock.VERSION,
                AnomalyModel::block, m -> new Shape[] {inputShape(m)}, device));
    }

    /** The manifest of a freshly trained model: architecture, input and how it was trained. */
    public static ModelManifest manifestFor(String name, TrainingSettings settings) {
        ModelManifest manifest = new ModelManifest();
        manifest.name = name;
        manifest.architecture = AnomalyBlock.ARCHITECTURE;
        manifest.architectureVersion = AnomalyBlock.VERSION;
        manifest.input.width = settings.width();
        manifest.input.height = settings.height();
        manifest.input.frames = settings.architecture().context();
        manifest.hyperparameters = hyperparameters(settings.architecture());
        manifest.training.epochs = settings.epochs();
        manifest.training.seed = settings.seed();
        return manifest;
    }

    private static Map<String, Object> hyperparameters(AnomalyBlock.Hyperparameters hp) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("context", hp.context());
        map.put("width", hp.width());
        map.put("experts", hp.experts());
        map.put("topK", hp.topK());
        map.put("expertBottleneck", hp.expertBottleneck());
        map.put("decoderExperts", hp.decoderExperts());
        map.put("decoderTopK", hp.decoderTopK());
        return map;
    }

    private static AnomalyBlock block(ModelManifest manifest) {
        Map<String, Object> hp = manifest.hyperparameters;
        return new AnomalyBlock(new AnomalyBlock.Hyperparameters(
                intOf(hp, "context"), intOf(hp, "width"), intOf(hp, "experts"), intOf(hp, "topK"),
                intOf(hp, "expertBottleneck"), intOf(hp, "decoderExperts"), intOf(hp, "decoderTopK")));
    }

    private static int intOf(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("model.json hyperparameters need an integer '" + key + "', got " + value);
        }
        return number.intValue();
    }

    static Shape inputShape(ModelManifest manifest) {
        return new Shape(1, manifest.input.frames, manifest.input.height, manifest.input.width);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frames of context per prediction. */
    public int context() {
        return context;
    }

    public ModelManifest manifest() {
        return loaded.manifest();
    }

    /** The underlying DJL model (for saving after training). */
    public Model model() {
        return loaded.model();
    }

    /**
     * Scores a batch: {@code contexts.get(i)} holds the {@link #context()} frames before {@code actual.get(i)}, oldest
     * first; every frame is {@code width * height} grey values in [0, 1].
     */
    public List<Prediction> score(List<float[][]> contexts, List<float[]> actual) {
        int batch = contexts.size();
        int pixels = width * height;
        float[] input = new float[batch * context * pixels];
        float[] target = new float[batch * pixels];
        for (int i = 0; i < batch; i++) {
            float[][] frames = contexts.get(i);
            if (frames.length != context) {
                throw new IllegalArgumentException("the model needs " + context + " context frames, got " + frames.length);
            }
            for (int f = 0; f < context; f++) {
                System.arraycopy(checked(frames[f]), 0, input, (i * context + f) * pixels, pixels);
            }
            System.arraycopy(checked(actual.get(i)), 0, target, i * pixels, pixels);
        }
        try (NDManager manager = loaded.model().getNDManager().newSubManager()) {
            NDArray x = manager.create(input, new Shape(batch, context, height, width));
            NDArray prediction = predictor.forward(new ParameterStore(manager, false), new NDList(x), false).get(0);
            NDArray error = prediction.sub(manager.create(target, new Shape(batch, 1, height, width))).square();
            float[] frameMse = error.reshape(batch, pixels).mean(new int[] {1}).toFloatArray();
            NDArray regions = Pool.avgPool2d(error, new Shape(REGION, REGION), new Shape(REGION / 2, REGION / 2),
                    new Shape(0, 0), false, true);
            float[] regionMse = regions.reshape(batch, -1).max(new int[] {1}).toFloatArray();
            List<Prediction> out = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                out.add(new Prediction(psnr(frameMse[i]), psnr(regionMse[i])));
            }
            return out;
        }
    }

    private float[] checked(float[] frame) {
        if (frame.length != width * height) {
            throw new IllegalArgumentException("the model takes " + width + "x" + height + " frames, got "
                    + frame.length + " values");
        }
        return frame;
    }

    private static double psnr(double mse) {
        return mse <= 0 ? FrameScores.MAX_PSNR_DB : Math.min(FrameScores.MAX_PSNR_DB, 10 * Math.log10(1.0 / mse));
    }

    /** Wraps a model just trained (for evaluation right after training). */
    public static AnomalyModel of(Model model, ModelManifest manifest) {
        return new AnomalyModel(new ModelStore.LoadedModel(model, manifest));
    }

    @Override
    public void close() {
        loaded.close();
    }
}
