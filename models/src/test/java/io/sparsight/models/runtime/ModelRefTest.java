package io.sparsight.models.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRefTest {

    @TempDir
    Path dir;

    @Test
    void aBundledReferenceOpensByNameAndAFolderByPath() throws Exception {
        ModelRef.BundledOpener<String> bundled = (name, device) -> "bundled " + name;
        ModelRef.FolderOpener<String> folder = (path, device) -> "folder " + path;
        String fromJar = ModelRef.open("bundled:anomaly-ped2", "cpu", bundled, folder);
        String fromFolder = ModelRef.open("/models/mine", "cpu", bundled, folder);
        assertThat(fromJar).isEqualTo("bundled anomaly-ped2");
        assertThat(fromFolder).isEqualTo("folder /models/mine");
    }

    @Test
    void aCheckedFolderIsMadeAbsoluteFromTheConfigurationsFolder() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m").resolve(ModelStore.MANIFEST), "{}");
        assertThat(ModelRef.checked("m", dir, "anomaly")).isEqualTo(dir.resolve("m").toAbsolutePath().toString());
    }

    @Test
    void whatIsNotThereIsSaid() {
        assertThatThrownBy(() -> ModelRef.checked("nothing-here", dir, "anomaly"))
                .hasMessageContaining("no model at").hasMessageContaining("./sparsight train anomaly");
        assertThatThrownBy(() -> ModelRef.checked("bundled:no-such", null, "anomaly"))
                .hasMessageContaining("no bundled model named 'no-such'");
        assertThatThrownBy(() -> ModelRef.checked(" ", null, "grounding")).hasMessageContaining("needs a model folder");
    }
}
