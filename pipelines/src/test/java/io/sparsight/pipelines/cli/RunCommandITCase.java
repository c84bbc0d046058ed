package io.sparsight.pipelines.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sparsight validate} and {@code sparsight run} with the sample configuration, as a user runs them. */
class RunCommandITCase {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setProperty("sparsight.home", Path.of("").toAbsolutePath().getParent().toString());
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.clearProperty("sparsight.home");
    }

    @Test
    void theSampleConfigurationRunsOverBothCamerasWithProgressAndEvents() {
        assertThat(SparsightCli.run("validate", "--config", "samples/ped2.yaml")).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("OK: job 'ped2-sample'").contains("keyframes");

        int exit = SparsightCli.run("run", "--config", "samples/ped2.yaml");
        String out = stdout.toString(StandardCharsets.UTF_8);
        String err = stderr.toString(StandardCharsets.UTF_8);
        originalOut.println(out);
        originalOut.println(err);

        assertThat(exit).isZero();
        assertThat(err).as("progress on stderr").contains("100%").contains("2/2 cameras done");
        assertThat(out).contains("ped2-test04-keyframes").contains("io.sparsight.motion").contains("io.sparsight.anomaly")
                .containsPattern("7 event\\(s\\), 7 distinct id\\(s\\), each exactly once");
    }

    @Test
    void aBrokenConfigurationIsRefusedWithTheLineAndNothingRuns() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                cameras:
                  - id: a
                    url: 'lavfi:testsrc'
                    size: 224 by 224
                """);
        assertThat(SparsightCli.run("run", "--config", config.toString())).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("bad.yaml, line 4: cameras[0].size: size must be WIDTHxHEIGHT");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("Kafka broker");
    }
}
