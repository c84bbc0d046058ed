package io.sparsight.pipelines.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.operators.testing.SyntheticVideo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train diffusion} on a video file, as a user runs it, at a tiny size: the command's plumbing (reading,
 * training, the model folder and how it was made), and that what it writes loads and predicts; not accuracy.
 */
class DiffusionCommandsITCase {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void trainOnAVideoWritesAModelThatLoadsAndPredicts() throws Exception {
        Path video = SyntheticVideo.of(96, 64, 10, 30).movingBlock(0, 30).writeTo(dir.resolve("walk.mp4"));
        Path model = dir.resolve("model");
        int trained = SparsightCli.run("train", "diffusion", "--video", video.toString(), "--out", model.toString(),
                "--epochs", "1", "--size", "32x16", "--patch", "8", "--past", "2", "--predict", "1", "--batch", "4",
                "--name", "walk");
        assertThat(trained).as(console.err()).isZero();
        assertThat(console.out()).contains("2 past -> 1 predicted frames, 24 tokens");
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(manifest.path("architecture").asText()).isEqualTo(DiffusionModel.ARCHITECTURE);
        assertThat(manifest.path("hyperparameters").path("conditionFrames").asInt()).isEqualTo(2);
        assertThat(manifest.path("training").path("command").asText())
                .contains("train diffusion --video").contains("--seed 42").contains("--size 32x16");
        assertThat(model.resolve("work")).as("checkpoints removed once training is done").doesNotExist();

        try (DiffusionModel loaded = DiffusionModel.load(model, Device.cpu())) {
            float[][] past = {new float[32 * 16], new float[32 * 16]};
            assertThat(loaded.predict(Collections.singletonList(past), 1).get(0)).hasNumberOfRows(1);
        }

        console.reset();
        assertThat(SparsightCli.run("train", "diffusion", "--video", video.toString(), "--out", model.toString(),
                "--size", "30x16")).isEqualTo(2);
        assertThat(console.err()).contains("Not a model shape").contains("multiple of the patch 8");
    }
}
