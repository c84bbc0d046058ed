package io.sparsight.operators.anomaly;

import ai.djl.Device;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;

import java.nio.file.Path;

/** Opens the anomaly model a reference names: {@code bundled:<name>} or a model folder path. */
final class ModelRefs {

    private ModelRefs() {}

    /** @param device auto, cpu, gpu or gpu:N */
    static AnomalyModel open(String ref, String device) throws ModelArtifactException {
        Device chosen = Devices.chosen(device);
        if (ref.startsWith(AnomalyConfig.BUNDLED_PREFIX)) {
            return AnomalyModel.bundled(ref.substring(AnomalyConfig.BUNDLED_PREFIX.length()), chosen);
        }
        return AnomalyModel.load(Path.of(ref), chosen);
    }
}
