package io.sparsight.pipelines.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sparsight validate} and {@code sparsight run} with the sample configuration, as a user runs them. */
class RunCommandITCase {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @BeforeEach
    void findTheSamples() {
        System.setProperty("sparsight.home", Path.of("").toAbsolutePath().getParent().toString());
    }

    @AfterEach
    void forgetTheSamples() {
        System.clearProperty("sparsight.home");
    }

    @Test
    void theSampleConfigurationRunsOverBothCamerasWithProgressAndEvents() {
        assertThat(SparsightCli.run("validate", "--config", "samples/ped2.yaml")).isZero();
        assertThat(console.out()).contains("OK: job 'ped2-sample'").contains("keyframes");

        int exit = SparsightCli.run("run", "--config", "samples/ped2.yaml");
        String out = console.out();
        String err = console.err();

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
        assertThat(console.err())
                .contains("bad.yaml, line 4: cameras[0].size: size must be WIDTHxHEIGHT");
        assertThat(console.out()).doesNotContain("Kafka broker");
    }
}
