package io.sparsight.pipelines.config;

import io.sparsight.models.runtime.ModelStore;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a model reference from the configuration: {@code bundled:<name>} or a model folder. */
final class ModelRefs {

    private ModelRefs() {}

    /**
     * The reference as the job uses it (a relative folder resolved against {@code baseDir}); an
     * {@link IllegalArgumentException} that says what is wrong when the model is not there.
     */
    static String check(String ref, Path baseDir, String kind) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("needs a model folder or bundled:<name>");
        }
        if (ref.startsWith(ModelStore.BUNDLED_PREFIX)) {
            String name = ref.substring(ModelStore.BUNDLED_PREFIX.length());
            if (ModelRefs.class.getResource("/models/" + name + "/" + ModelStore.MANIFEST) == null) {
                throw new IllegalArgumentException("no bundled model named '" + name + "' in this build (bundled: "
                        + "anomaly-ped2, grounding-synthetic)");
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
