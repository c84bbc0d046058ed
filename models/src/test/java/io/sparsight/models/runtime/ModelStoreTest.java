package io.sparsight.models.runtime;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Saving and loading real DJL models on the PyTorch engine, and the errors a bad artifact gives. */
class ModelStoreTest {

    private static final String ARCH = "tiny-mlp";
    private static final Shape INPUT = new Shape(1, 3);

    @TempDir
    Path dir;

    private static Block mlp(int hidden) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(2).build());
    }

    private static ModelManifest manifest(int hidden) {
        ModelManifest m = new ModelManifest();
        m.name = "tiny";
        m.architecture = ARCH;
        m.input.width = 3;
        m.input.height = 1;
        m.hyperparameters.put("hidden", hidden);
        m.training.seed = 7;
        m.training.command = "test";
        m.scores.put("none", 0);
        return m;
    }

    private static float[] predict(Model model, NDManager manager) {
        NDArray x = manager.create(new float[] {0.5f, -1f, 2f}, new Shape(1, 3));
        NDList out = model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
        return out.singletonOrThrow().toFloatArray();
    }

    private Path saveTrained(int hidden) throws Exception {
        Path modelDir = dir.resolve("tiny-" + hidden);
        try (Model model = Model.newInstance("tiny", Device.cpu(), OfflineRuntime.ENGINE);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), OfflineRuntime.ENGINE)) {
            model.setBlock(mlp(hidden));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            ModelStore.save(model, manifest(hidden), modelDir);
            Files.writeString(modelDir.resolve("expected.txt"), java.util.Arrays.toString(predict(model, manager)));
        }
        return modelDir;
    }

    @Test
    void aSavedModelLoadsBackWithTheSameOutputsAndItsManifest() throws Exception {
        Path modelDir = saveTrained(8);
        assertThat(modelDir.resolve("model.json")).exists();
        assertThat(modelDir.resolve("tiny-0000.params")).exists();

        try (ModelStore.LoadedModel loaded = ModelStore.load(modelDir, ARCH, 1, m -> mlp((Integer) m.hyperparameters.get("hidden")), INPUT);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), OfflineRuntime.ENGINE)) {
            assertThat(loaded.manifest().hyperparameters).containsEntry("hidden", 8);
            assertThat(loaded.manifest().training.seed).isEqualTo(7);
            assertThat(java.util.Arrays.toString(predict(loaded.model(), manager)))
                    .isEqualTo(Files.readString(modelDir.resolve("expected.txt")));
        }
    }

    @Test
    void aModelSavedAgainIntoItsFolderReplacesTheOldWeights() throws Exception {
        Path modelDir = saveTrained(8);
        String first = Files.readString(modelDir.resolve("expected.txt"));
        saveTrained(8);
        String second = Files.readString(modelDir.resolve("expected.txt"));
        assertThat(second).as("a second model with other weights").isNotEqualTo(first);
        try (Stream<Path> files = Files.list(modelDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".params")))
                    .containsExactly("tiny-0000.params");
        }
        try (ModelStore.LoadedModel loaded = ModelStore.load(modelDir, ARCH, 1, m -> mlp(8), INPUT);
                NDManager manager = NDManager.newBaseManager(Device.cpu(), OfflineRuntime.ENGINE)) {
            assertThat(java.util.Arrays.toString(predict(loaded.model(), manager))).isEqualTo(second);
        }
    }

    @Test
    void badArtifactsGiveClearErrors() throws Exception {
        Path modelDir = saveTrained(8);
        assertThatThrownBy(() -> ModelStore.load(dir.resolve("nothing"), ARCH, 1, m -> mlp(8), INPUT))
                .isInstanceOf(ModelArtifactException.class).hasMessageContaining("model.json is missing");
        assertThatThrownBy(() -> ModelStore.load(modelDir, "sffm-frame-predictor", 1, m -> mlp(8), INPUT))
                .hasMessageContaining("is a tiny-mlp v1, but a sffm-frame-predictor v1 is needed");
        assertThatThrownBy(() -> ModelStore.load(modelDir, ARCH, 1, m -> mlp(16), INPUT))
                .hasMessageContaining("do not fit a tiny-mlp");

        Path noParams = Files.createDirectories(dir.resolve("no-params"));
        Files.copy(modelDir.resolve("model.json"), noParams.resolve("model.json"));
        assertThatThrownBy(() -> ModelStore.load(noParams, ARCH, 1, m -> mlp(8), INPUT))
                .hasMessageContaining("has no parameter file tiny-0000.params");

        Path badJson = Files.createDirectories(dir.resolve("bad-json"));
        Files.writeString(badJson.resolve("model.json"), "{\"name\": \"tiny\", \"architecure\": \"x\"}");
        assertThatThrownBy(() -> ModelStore.readManifest(badJson))
                .hasMessageContaining("not a valid model manifest").hasMessageContaining("architecure");

        assertThatThrownBy(() -> ModelStore.loadBundled("no-such-model", ARCH, 1, m -> mlp(8), INPUT))
                .hasMessageContaining("no bundled model named 'no-such-model'");
    }

    @Test
    void devicePreferencesAreCheckedAgainstWhatTheEngineSees() {
        assertThat(Devices.choose("auto", 0)).isEqualTo(Device.cpu());
        assertThat(Devices.choose("auto", 2)).isEqualTo(Device.gpu(0));
        assertThat(Devices.choose("gpu:1", 2)).isEqualTo(Device.gpu(1));
        assertThat(Devices.choose("CPU", 2)).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> Devices.choose("gpu", 0)).hasMessageContaining("sees 0 GPU(s)");
        assertThatThrownBy(() -> Devices.choose("tpu", 0)).hasMessageContaining("auto, cpu, gpu or gpu:N");
        assertThat(Devices.chosen()).isEqualTo(Devices.gpuAvailable() ? Device.gpu(0) : Device.cpu());
    }
}
