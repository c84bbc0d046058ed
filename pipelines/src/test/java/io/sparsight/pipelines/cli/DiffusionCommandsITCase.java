package io.sparsight.pipelines.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.diffusion.AttentionPlan;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.operators.testing.SyntheticVideo;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train diffusion} on a video file, as a user runs it, at a tiny size: the command's plumbing (reading,
 * training, the model folder and how it was made), that what it writes loads and predicts, {@code diffusion search}
 * writes a plan into it, {@code bench diffusion} measures it and {@code calibrate diffusion} chooses its fusion rule
 * where the footage is long enough for pseudo-anomalies; not accuracy.
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
            assertThat(loaded.predict(Collections.singletonList(past), new long[] {1}).get(0)).hasNumberOfRows(1);
        }

        Path calib = dir.resolve("calib/01");
        Files.createDirectories(calib);
        for (int i = 0; i < 8; i++) {
            try (Mat image = new Mat(16, 32, opencv_core.CV_8UC1, new Scalar(90))) {
                opencv_imgproc.rectangle(image, new Point(2 + i, 4), new Point(8 + i, 10), new Scalar(230), -1, 8, 0);
                opencv_imgcodecs.imwrite(calib.resolve(String.format("%03d.jpg", i)).toString(), image);
            }
        }
        console.reset();
        assertThat(SparsightCli.run("diffusion", "search", "--model", model.toString(), "--calib",
                calib.getParent().toString(), "--clips", "2")).as(console.err()).isZero();
        assertThat(console.out()).contains("attention plan written to").contains("dense");
        assertThat(AttentionPlan.read(model).patterns()).as("4 layers of 4 heads").hasDimensions(4, 4);

        console.reset();
        assertThat(SparsightCli.run("bench", "diffusion", "--model", model.toString(), "--calib",
                calib.getParent().toString(), "--runs", "1", "--json")).as(console.err()).isZero();
        String[] lines = console.out().strip().split("\n");
        JsonNode bench = new ObjectMapper().readTree(lines[lines.length - 1]);
        for (String key : new String[] {"dense_ms", "sparse_ms", "speedup", "attention_flops_ratio", "psnr_db", "ssim",
                "attention_share"}) {
            assertThat(bench.has(key)).as(key + " in " + bench).isTrue();
        }

        console.reset();
        assertThat(SparsightCli.run("calibrate", "diffusion", "--model", model.toString(), "--video",
                video.toString())).as(console.err()).isZero();
        assertThat(console.out()).contains("no fusion rule chosen: every video is too short");
        assertThat(new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("calibration")
                .has("fusion")).isFalse();
        Path longer = SyntheticVideo.of(96, 64, 10, 120).movingBlock(0, 120).writeTo(dir.resolve("longer.mp4"));
        console.reset();
        assertThat(SparsightCli.run("calibrate", "diffusion", "--model", model.toString(), "--video",
                longer.toString(), "--seed", "7")).as(console.err()).isZero();
        assertThat(console.out()).contains("pseudo-anomalies: 1 videos").contains("fusion rule: ");
        JsonNode fusion = new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("calibration")
                .path("fusion");
        assertThat(fusion.path("score").asText()).isIn("frame", "region");
        assertThat(fusion.path("weight").asDouble()).isBetween(0.0, 1.0);
        assertThat(fusion.path("predictor").asText()).isEqualTo("bundled:anomaly-ped2");

        console.reset();
        assertThat(SparsightCli.run("train", "diffusion", "--video", video.toString(), "--out", model.toString(),
                "--size", "30x16")).isEqualTo(2);
        assertThat(console.err()).contains("Not a model shape").contains("multiple of the patch 8");
    }
}
