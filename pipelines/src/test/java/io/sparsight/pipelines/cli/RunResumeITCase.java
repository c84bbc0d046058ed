package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalResume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(EventTopics.defaults().allTopics());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void aRunKilledMidwayIsResumedByTheNextRunWithEveryEventOnce() throws Exception {
        // 26 s at 10 fps; blocks move 2.0-4.0 s and 22.0-24.0 s: two spans per camera, the kill comes between them
        Path video = SyntheticVideo.of(160, 120, 10, 260).movingBlock(20, 40).movingBlock(220, 240)
                .writeTo(dir.resolve("block.mp4"));
        Path checkpoints = dir.resolve("checkpoints");
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: crash-test, parallelism: 2, checkpointInterval: 500ms, checkpointDir: '%s' }
                cameras:
                  - { id: east, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                  - { id: west, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(checkpoints, video, video, kafka.bootstrapServers()));

        Process first = sparsightRun(config, dir.resolve("first.log"));
        try {
            awaitMotionEvents(2, 120, dir.resolve("first.log")); // the first span of each camera, about 5 s in
            assertThat(LocalResume.latestCheckpoint(checkpoints.toString(), LocalResume.jobId("crash-test")))
                    .as("a complete checkpoint of the first run").isPresent();
        } finally {
            first.destroyForcibly(); // SIGKILL: the JobManager goes without a word
            first.waitFor(30, TimeUnit.SECONDS);
        }
        List<EventRecord> beforeRestart = motionEvents();
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

        List<EventRecord> motion = motionEvents();
        assertThat(motion).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(motion).as("two spans per camera, each once").hasSize(4)
                .extracting(e -> e.camera + "@" + Math.round(CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong() / 1000.0))
                .containsExactlyInAnyOrder("east@2", "west@2", "east@22", "west@22");
        assertThat(motion).containsAll(beforeRestart);
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

    private static List<EventRecord> motionEvents() {
        return CommittedEventReader.readAll(kafka.bootstrapServers(), List.of(EventTopics.DEFAULT_MOTION_TOPIC),
                Duration.ofSeconds(30)).stream().filter(e -> e.type.equals(EventTypes.MOTION)).toList();
    }

    private static void awaitMotionEvents(int count, int seconds, Path log) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (motionEvents().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " motion events within " + seconds + " s; the run said:\n"
                        + Files.readString(log));
            }
            Thread.sleep(300);
        }
    }
}
