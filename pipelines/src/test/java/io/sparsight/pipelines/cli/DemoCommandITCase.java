package io.sparsight.pipelines.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sparsight demo} as a user runs it: the bundled sample through embedded Kafka and a MiniCluster. */
class DemoCommandITCase {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void captureStdout() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // Maven runs this module's tests in pipelines/; the sample lives at the repository root.
        System.setProperty("sparsight.home", Path.of("").toAbsolutePath().getParent().toString());
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(originalOut);
        System.clearProperty("sparsight.home");
    }

    @Test
    void demoPrintsTheMotionAnomalyPredictionAndObjectEventsOfTheSampleClipReadBackFromKafka() {
        Path sample = Path.of(System.getProperty("sparsight.home")).resolve(DemoCommand.SAMPLE);
        assertThat(Files.isRegularFile(sample)).as("bundled sample %s", sample).isTrue();

        int exitCode = SparsightCli.run("demo");
        String output = captured.toString(StandardCharsets.UTF_8);
        originalOut.println(output);

        assertThat(exitCode).isZero();
        assertThat(output)
                .contains("isolation.level=read_committed")
                .contains("ped2-test04")
                .contains("io.sparsight.motion")
                .containsPattern("\\d+ event\\(s\\), \\d+ distinct id\\(s\\), each exactly once");
        // The cart enters from frame 31 (3.0 s at 10 fps): a motion span starts within half a second of it.
        assertThat(output).containsPattern("00:0(3\\.[0-9]|2\\.[5-9]) - 00:1\\d\\.\\d +\\d+\\.\\d s +ped2-test04 +io.sparsight.motion");
        // Frames 31-180 are labelled abnormal (3.0 s on): the bundled anomaly model's span starts between half a second
        // before that and 2 s after it (2.9 s when the live alarm gap was calibrated).
        assertThat(output).containsPattern("00:0(2\\.[5-9]|[3-4]\\.\\d) - 00:1\\d\\.\\d +\\d+\\.\\d s +ped2-test04 +io.sparsight.anomaly");
        // The diffusion stage predicts each frame from the 8 before it, so its first prediction is of frame 9:
        // its span starts with the cart or after it (4.4 s when written), never before it, and lasts to the end.
        assertThat(output).containsPattern("00:0([3-5]\\.\\d|6\\.[0-4]) - 00:1\\d\\.\\d +\\d+\\.\\d s +ped2-test04 +io.sparsight.prediction");
        // The object stage: the people walking from the first frame, and the cart (COCO's nearest class: car) from
        // when it enters (4.2 s when written, at 180x120 grey).
        assertThat(output).containsPattern("00:00\\.0 - 00:\\d\\d\\.\\d +\\d+\\.\\d s +ped2-test04 +io.sparsight.object +person #\\d+");
        assertThat(output).containsPattern("00:0[3-6]\\.\\d - 00:\\d\\d\\.\\d +\\d+\\.\\d s +ped2-test04 +io.sparsight.object +car #\\d+");
    }

    @Test
    void aMissingInputIsAClearErrorNotAStackTrace() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(SparsightCli.run("demo", "--input", "/nonexistent/clip.mp4")).isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No video at /nonexistent/clip.mp4");
    }
}
