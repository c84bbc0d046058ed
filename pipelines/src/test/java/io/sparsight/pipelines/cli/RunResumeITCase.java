package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.pipelines.local.LocalResume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sparsight run} is the local cluster, JobManager included: its process is killed (SIGKILL, nothing cleaned
 * up) in the middle of two paced cameras, and the same command run again resumes from the last checkpoint the first
 * left in job.checkpointDir. Every expected motion span is committed exactly once, none missing.
 */
class RunResumeITCase {

    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidwayIsResumedByTheNextRunWithEveryEventOnce() throws Exception {
        TwoPacedCameras job = new TwoPacedCameras(dir, "crash-test", 26, kafka.bootstrapServers());
        Path config = job.config;
        Path checkpoints = job.checkpoints;

        Process first = sparsightRun(config, dir.resolve("first.log"));
        try {
            job.awaitMotionEvents(2, 120, () -> "the run said:\n" + read(dir.resolve("first.log"))); // the first span of each camera, about 5 s in
            assertThat(LocalResume.latestCheckpoint(checkpoints.toString(), LocalResume.jobId("crash-test")))
                    .as("a complete checkpoint of the first run").isPresent();
        } finally {
            first.destroyForcibly(); // SIGKILL: the JobManager goes without a word
            first.waitFor(30, TimeUnit.SECONDS);
        }
        List<EventRecord> beforeRestart = job.motionEvents();
        assertThat(beforeRestart).as("spans committed when killed").hasSizeLessThan(4);

        Process second = sparsightRun(config, dir.resolve("second.log"));
        boolean ended = second.waitFor(180, TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("second.log"));
        if (!ended) {
            second.destroyForcibly();
        }
        assertThat(ended).as("the second run ends when the files are read; its output:%n%s", log).isTrue();
        assertThat(second.exitValue()).as(log).isZero();
        assertThat(log).contains("Resuming from").contains("chk-");

        job.assertEverySpanOnce(beforeRestart);
    }

    /** {@code sparsight run --config FILE} in a JVM of its own, as a user starts it, its output to {@code log}. */
    private static Process sparsightRun(Path config, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("-D") || flag.startsWith("-Xss")) {
                command.add(flag);
            }
        }
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SparsightCli.class.getName());
        command.addAll(List.of("run", "--config", config.toString(), "--no-progress"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder.start();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(cannot read " + file + ")";
        }
    }
}
