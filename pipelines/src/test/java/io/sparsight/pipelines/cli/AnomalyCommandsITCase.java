package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.operators.testing.SyntheticVideo;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code train anomaly} on video files and {@code eval anomaly} on a numbered-image test set, as a user runs them,
 * at a tiny size: the commands' plumbing (reading, training, calibration, artifact, AUC and JSON), not accuracy.
 */
class AnomalyCommandsITCase {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;



    @Test
    void trainOnVideosThenEvaluateOnImageFoldersWithLabels() throws Exception {
        Path a = SyntheticVideo.of(96, 64, 10, 40).movingBlock(0, 40).writeTo(dir.resolve("a.mp4"));
        Path b = SyntheticVideo.of(96, 64, 10, 30).movingBlock(5, 30).writeTo(dir.resolve("b.mp4"));
        Path model = dir.resolve("model");
        int trained = SparsightCli.run("train", "anomaly", "--video", a.toString(), b.toString(), "--out", model.toString(),
                "--epochs", "1", "--size", "48x32", "--name", "walk");
        assertThat(trained).as(console.err()).isZero();
        JsonNode manifest = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(manifest.path("architecture").asText()).isEqualTo("sffm-frame-predictor");
        assertThat(manifest.path("input").path("width").asInt()).isEqualTo(48);
        assertThat(manifest.path("training").path("command").asText()).contains("train anomaly --video").contains("--seed 42");
        assertThat(manifest.path("calibration").path("normalPsnrStd").asDouble()).isPositive();
        assertThat(manifest.path("calibration").path("liveAlarmGapDb").asDouble()).isGreaterThanOrEqualTo(0.1);
        assertThat(model.resolve("walk-0000.params")).exists();
        assertThat(model.resolve("work")).as("checkpoints removed once training is done").doesNotExist();

        Path root = dir.resolve("set");
        writeFrames(root.resolve("testing/frames/01"), 20, 12);
        writeFrames(root.resolve("testing/frames/02"), 20, -1);
        Files.writeString(root.resolve("testing/labels.csv"),
                "video,frames,first_abnormal,last_abnormal\n01,20,13,20\n02,20,,\n");
        console.reset();
        int evaluated = SparsightCli.run("eval", "anomaly", "--root", root.toString(), "--model", model.toString(),
                "--record", "--json");
        assertThat(evaluated).as(console.err()).isZero();
        List<String> lines = console.out().lines().toList();
        assertThat(console.out()).contains("first 4 frames of a video (no full context)");
        JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(result.path("micro_auc").asDouble()).isBetween(0.0, 100.0);
        assertThat(result.path("frames").asInt()).isEqualTo(40);
        assertThat(result.path("fps").asDouble()).isPositive();
        assertThat(new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("scores").path("micro_auc").isNumber())
                .as("--record wrote the scores into model.json").isTrue();
        console.reset();
        int live = SparsightCli.run("eval", "anomaly", "--root", root.toString(), "--model", model.toString(),
                "--live", "--json");
        assertThat(live).as(console.err()).isZero();
        JsonNode liveResult = new ObjectMapper().readTree(console.out().lines().reduce((x, y) -> y).orElseThrow());
        assertThat(liveResult.path("live_micro_auc").asDouble()).isBetween(0.0, 100.0);
        assertThat(liveResult.path("live_events").asInt()).as("video 01's abnormal run").isEqualTo(1);
        assertThat(console.out()).contains("live (stage defaults, each video a new camera, 10 fps)");

        writeFrames(root.resolve("training/frames/01"), 20, -1);
        console.reset();
        int withObjects = SparsightCli.run("eval", "anomaly", "--root", root.toString(), "--model", model.toString(),
                "--objects", "--json");
        assertThat(withObjects).as(console.err()).isZero();
        JsonNode objectResult = new ObjectMapper().readTree(console.out().lines().reduce((x, y) -> y).orElseThrow());
        assertThat(objectResult.path("object_micro_auc").asDouble()).isBetween(0.0, 100.0);
        assertThat(objectResult.path("fused_micro_auc").asDouble()).isBetween(0.0, 100.0);
        assertThat(console.out()).contains("tracked objects in the training frames");
    }

    @Test
    void calibrateWritesTheNormalBaselineIntoAnExistingModel() throws Exception {
        Path a = SyntheticVideo.of(96, 64, 10, 30).movingBlock(0, 30).writeTo(dir.resolve("a.mp4"));
        Path model = dir.resolve("model");
        assertThat(SparsightCli.run("train", "anomaly", "--video", a.toString(), "--out", model.toString(),
                "--epochs", "1", "--size", "48x32")).as(console.err()).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode manifest =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(model.resolve("model.json").toFile());
        manifest.putObject("calibration");                              // as a model from before calibration
        new ObjectMapper().writeValue(model.resolve("model.json").toFile(), manifest);

        console.reset();
        assertThat(SparsightCli.run("calibrate", "anomaly", "--model", model.toString(), "--video", a.toString()))
                .as(console.err()).isZero();
        JsonNode calibration = new ObjectMapper().readTree(model.resolve("model.json").toFile()).path("calibration");
        assertThat(calibration.path("normalPsnrMean").asDouble()).isPositive();
        assertThat(calibration.path("liveAlarmGapDb").asDouble()).isGreaterThanOrEqualTo(0.1);
        assertThat(calibration.path("command").asText()).startsWith("./sparsight calibrate anomaly --model ")
                .contains("--video " + a);
        assertThat(console.out()).contains("live alarm gap");
    }

    @Test
    void aMissingTestSetIsAClearError() {
        assertThat(SparsightCli.run("eval", "anomaly", "--root", dir.toString())).isEqualTo(2);
        assertThat(console.err()).contains("No labels at").contains("testing/labels.csv");
    }

    /** 000.jpg ... : a grey walkway with a dark square walking right; from {@code oddFrom}, a bright one racing. */
    private static void writeFrames(Path folder, int frames, int oddFrom) throws Exception {
        Files.createDirectories(folder);
        for (int i = 0; i < frames; i++) {
            try (Mat image = new Mat(64, 96, opencv_core.CV_8UC1, new Scalar(90))) {
                opencv_imgproc.rectangle(image, new Point(4 + i, 20), new Point(12 + i, 36), new Scalar(30), -1, 8, 0);
                if (oddFrom >= 0 && i >= oddFrom) {
                    int x = (i - oddFrom) * 12;
                    opencv_imgproc.rectangle(image, new Point(x, 40), new Point(x + 20, 60), new Scalar(250), -1, 8, 0);
                }
                opencv_imgcodecs.imwrite(folder.resolve(String.format("%03d.jpg", i)).toString(), image);
            }
        }
    }
}
