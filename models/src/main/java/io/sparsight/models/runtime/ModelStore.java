package io.sparsight.models.runtime;

import ai.djl.MalformedModelException;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Loads and saves model artifacts: folders with {@code model.json} ({@link ModelManifest}) and a DJL parameter file.
 * Bundled models come from the jar ({@code /models/<name>/} on the classpath), user models from a folder.
 * A missing, malformed or mismatched artifact gives a {@link ModelArtifactException} that says what is wrong.
 */
public final class ModelStore {

    public static final String MANIFEST = "model.json";
    /** A model reference {@code bundled:<name>} names a model in the jar; any other reference is a folder. */
    public static final String BUNDLED_PREFIX = "bundled:";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelStore() {}

    /** A model and the manifest it was loaded with; close it to free its native memory. */
    public record LoadedModel(Model model, ModelManifest manifest) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Reads and checks the manifest of a model folder. */
    public static ModelManifest readManifest(Path dir) throws ModelArtifactException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException("no model at " + dir + ": " + MANIFEST
                    + " is missing (a model folder holds model.json and <name>-0000.params)");
        }
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(file.toFile(), ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new ModelArtifactException(file + " is not a valid model manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (manifest.name == null || manifest.name.isBlank() || manifest.architecture == null) {
            throw new ModelArtifactException(file + " must name the model ('name') and its 'architecture'");
        }
        return manifest;
    }

    /**
     * Loads a model folder, after checking that its manifest is for {@code architecture} at {@code version}. The block
     * is built from the manifest (its hyperparameters) and initialised for {@code inputShape}; loaded parameters
     * whose shapes differ from that block's are refused.
     */
    public static LoadedModel load(Path dir, String architecture, int version,
            Function<ModelManifest, Block> blockFactory, Shape inputShape) throws ModelArtifactException {
        return load(dir, architecture, version, blockFactory, manifest -> new Shape[] {inputShape}, Devices.chosen());
    }

    /**
     * As {@link #load(Path, String, int, Function, Shape)}, with the input shapes taken from the manifest, on
     * {@code device}.
     */
    public static LoadedModel load(Path dir, String architecture, int version, Function<ModelManifest, Block> blockFactory,
            Function<ModelManifest, Shape[]> inputShapes, Device device) throws ModelArtifactException {
        OfflineRuntime.requireOffline();
        ModelManifest manifest = readManifest(dir);
        if (!architecture.equals(manifest.architecture) || manifest.architectureVersion != version) {
            throw new ModelArtifactException("the model at " + dir + " is a " + manifest.architecture + " v"
                    + manifest.architectureVersion + ", but a " + architecture + " v" + version + " is needed here");
        }
        Path params = dir.resolve(manifest.name + "-0000.params");
        if (!Files.isRegularFile(params)) {
            throw new ModelArtifactException("the model at " + dir + " has no parameter file " + params.getFileName());
        }
        Model model = Model.newInstance(manifest.name, device, OfflineRuntime.ENGINE);
        try {
            Block block = blockFactory.apply(manifest);
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, inputShapes.apply(manifest));
            Map<String, Shape> expected = new LinkedHashMap<>();
            block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
            model.load(dir, manifest.name);
            for (var p : block.getParameters()) {
                Shape loaded = p.getValue().getArray().getShape();
                if (!loaded.equals(expected.get(p.getKey()))) {
                    throw new MalformedModelException("parameter " + p.getKey() + " has shape " + loaded + ", the "
                            + architecture + " built from the manifest needs " + expected.get(p.getKey()));
                }
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelArtifactException("the parameters in " + params + " do not fit a " + architecture + " with "
                    + manifest.hyperparameters + ": " + e.getMessage(), e);
        }
        return new LoadedModel(model, manifest);
    }

    /** The manifest of a model bundled in the jar under {@code /models/<name>/}. */
    public static ModelManifest readBundledManifest(String name) throws ModelArtifactException {
        try (var in = ModelStore.class.getResourceAsStream("/models/" + name + "/" + MANIFEST)) {
            if (in == null) {
                throw new ModelArtifactException("no bundled model named '" + name + "' in this build");
            }
            return JSON.readValue(in, ModelManifest.class);
        } catch (IOException e) {
            throw new ModelArtifactException("cannot read the bundled model " + name + "'s manifest: " + e.getMessage(),
                    e);
        }
    }

    /** Loads a model bundled in the jar under {@code /models/<name>/}. */
    public static LoadedModel loadBundled(String name, String architecture, int version,
            Function<ModelManifest, Block> blockFactory, Shape inputShape) throws ModelArtifactException {
        return loadBundled(name, architecture, version, blockFactory, manifest -> new Shape[] {inputShape}, Devices.chosen());
    }

    /**
     * As {@link #loadBundled(String, String, int, Function, Shape)}, with the input shapes taken from the manifest, on
     * {@code device}.
     */
    public static LoadedModel loadBundled(String name, String architecture, int version,
            Function<ModelManifest, Block> blockFactory, Function<ModelManifest, Shape[]> inputShapes, Device device)
            throws ModelArtifactException {
        Path dir = unpackBundled(name);
        try {
            return load(dir, architecture, version, blockFactory, inputShapes, device);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Writes a trained model's parameters and its manifest into {@code dir}. */
    public static void save(Model model, ModelManifest manifest, Path dir) throws IOException {
        Files.createDirectories(dir);
        // DJL numbers the file after the ones already there (<name>-0001.params beside an old <name>-0000.params),
        // while a model is loaded from <name>-0000.params: remove the old ones first, so a retrained model replaces
        // the weights it should instead of being saved beside them
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, manifest.name + "-*.params")) {
            for (Path params : old) {
                Files.delete(params);
            }
        }
        model.save(dir, manifest.name);
        writeManifest(manifest, dir);
    }

    /** Rewrites a model folder's {@code model.json} (e.g. to record evaluation scores). */
    public static void writeManifest(ModelManifest manifest, Path dir) throws IOException {
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
    }

    private static Path unpackBundled(String name) throws ModelArtifactException {
        String base = "/models/" + name + "/";
        try (InputStream manifest = ModelStore.class.getResourceAsStream(base + MANIFEST)) {
            if (manifest == null) {
                throw new ModelArtifactException("no bundled model named '" + name + "' in this build");
            }
            ModelManifest m = JSON.readValue(manifest, ModelManifest.class);
            Path dir = Files.createTempDirectory("sparsight-model-");
            Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(m));
            String paramsName = m.name + "-0000.params";
            try (InputStream params = ModelStore.class.getResourceAsStream(base + paramsName)) {
                if (params == null) {
                    throw new ModelArtifactException("the bundled model '" + name + "' has no " + paramsName);
                }
                Files.copy(params, dir.resolve(paramsName));
            }
            return dir;
        } catch (IOException e) {
            throw new ModelArtifactException("cannot read the bundled model '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
