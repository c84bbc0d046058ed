package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.runtime.ModelArtifactException;

import java.nio.file.Path;

/** Opens the anomaly model a reference names: {@code bundled:<name>} or a model folder path. */
final class ModelRefs {

    private ModelRefs() {}

    static AnomalyModel open(String ref) throws ModelArtifactException {
        if (ref.startsWith(AnomalyConfig.BUNDLED_PREFIX)) {
            return AnomalyModel.bundled(ref.substring(AnomalyConfig.BUNDLED_PREFIX.length()));
        }
        return AnomalyModel.load(Path.of(ref));
    }
}
