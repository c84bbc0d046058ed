package io.sparsight.models.runtime;

import ai.djl.Device;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as configurations name it: {@code bundled:<name>} (shipped in the jar, under {@code /models/<name>}) or a
 * model folder (holding {@code model.json}). The one place that reads such a reference, for every model family.
 */
public final class ModelRef {

    /** Opens a bundled model of one family by name. */
    @FunctionalInterface
    public interface BundledOpener<M> {
        M open(String name, Device device) throws ModelArtifactException;
    }

    /** Opens a model of one family from its folder. */
    @FunctionalInterface
    public interface FolderOpener<M> {
        M open(Path dir, Device device) throws ModelArtifactException;
    }

    private ModelRef() {}

    /**
     * Opens the model {@code ref} names, e.g. {@code ModelRef.open(ref, "auto", AnomalyModel::bundled,
     * AnomalyModel::load)}.
     *
     * @param device auto, cpu, gpu or gpu:N
     */
    public static <M> M open(String ref, String device, BundledOpener<M> bundled, FolderOpener<M> folder)
            throws ModelArtifactException {
        Device chosen = Devices.chosen(device);
        if (isBundled(ref)) {
            return bundled.open(bundledName(ref), chosen);
        }
        return folder.open(Path.of(ref), chosen);
    }

    /** The manifest of the model {@code ref} names (bundled or a folder), without loading the model. */
    public static ModelManifest manifest(String ref) throws ModelArtifactException {
        return isBundled(ref) ? ModelStore.readBundledManifest(bundledName(ref)) : ModelStore.readManifest(Path.of(ref));
    }

    public static boolean isBundled(String ref) {
        return ref.startsWith(ModelStore.BUNDLED_PREFIX);
    }

    public static String bundledName(String ref) {
        return ref.substring(ModelStore.BUNDLED_PREFIX.length());
    }

    /**
     * The reference as a job uses it (a relative folder resolved against {@code baseDir}, which may be null); an
     * {@link IllegalArgumentException} that says what is wrong when the model is not there.
     *
     * @param kind the model family, as in {@code ./sparsight train <kind>}
     */
    public static String checked(String ref, Path baseDir, String kind) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("needs a model folder or bundled:<name>");
        }
        if (isBundled(ref)) {
            String name = bundledName(ref);
            if (ModelRef.class.getResource("/models/" + name + "/" + ModelStore.MANIFEST) == null) {
                throw new IllegalArgumentException("no bundled model named '" + name + "' in this build (bundled: "
                        + "anomaly-ped2, grounding-synthetic, tracks-synthetic, diffusion-ped2)");
            }
            return ref;
        }
        Path dir = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
        if (!Files.isRegularFile(dir.resolve(ModelStore.MANIFEST))) {
            throw new IllegalArgumentException("no model at " + dir + " (a model folder holds model.json; train one with"
                    + " ./sparsight train " + kind + " ... --out " + ref + ")");
        }
        return dir.toAbsolutePath().normalize().toString();
    }
}
