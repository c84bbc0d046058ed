package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.CommittedEventReader;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job stopped with a savepoint in the middle of its cameras ({@code jobs stop --savepoint}) and resumed from it
 * ({@code submit --from-savepoint}) on a cluster (a MiniCluster with REST, as a session cluster takes jobs): every
 * expected motion span is committed exactly once, none missing, the ones before and the ones after the stop. The
 * cameras are files paced like live ones (playbackSpeed 1), whose read position the savepoint keeps; the
 * checkpoints go to the configuration's job.checkpointDir (Flink deletes them when a job finishes).
 */
class SavepointITCase {

    @RegisterExtension
    static final SessionCluster session = new SessionCluster(2);

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void aJobStoppedWithASavepointAndResumedCommitsEveryEventOnce() throws Exception {
        // 26 s at 10 fps each; blocks move 2.0-4.0 s and 22.0-24.0 s: two motion spans per camera, far enough apart
        // that the stop (about 5 s in) comes between them however slow the machine
        Path video = SyntheticVideo.of(160, 120, 10, 260).movingBlock(20, 40).movingBlock(220, 240)
                .writeTo(dir.resolve("block.mp4"));
        Path checkpoints = dir.resolve("checkpoints");
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: resumable, parallelism: 2, checkpointInterval: 500ms, checkpointDir: '%s' }
                cameras:
                  - { id: east, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                  - { id: west, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(checkpoints, video, video, session.kafka.bootstrapServers()));
        String jobManager = "127.0.0.1:" + session.restPort;

        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", jobManager))
                .as(console.err()).isZero();
        JobID first = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));
        awaitMotionEvents(2, 60); // the first span of each camera, about 5 s in
        try (Stream<Path> files = Files.walk(checkpoints)) {
            assertThat(files.anyMatch(p -> p.getFileName().toString().equals("_metadata")
                    && p.getParent().getFileName().toString().startsWith("chk-")))
                    .as("completed checkpoints under job.checkpointDir").isTrue();
        }
        console.reset();
        assertThat(SparsightCli.run("jobs", "stop", first.toString(), "--savepoint", dir.resolve("savepoints").toString(),
                "--jobmanager", jobManager)).as(console.err()).isZero();
        assertThat(session.cluster.getJobStatus(first).get()).isEqualTo(JobStatus.FINISHED);
        String savepoint = console.out().replaceAll("(?s).*with a savepoint at (\\S+).*", "$1");
        List<EventRecord> beforeResume = motionEvents();
        assertThat(beforeResume).as("spans committed when stopped").hasSizeLessThan(4);

        console.reset();
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", jobManager,
                "--from-savepoint", savepoint)).as(console.err()).isZero();
        JobID second = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));
        session.awaitFinished(second, 120);

        List<EventRecord> motion = motionEvents();
        assertThat(motion).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(motion).as("two spans per camera, each once").hasSize(4)
                .extracting(e -> e.camera + "@" + Math.round(CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong() / 1000.0))
                .containsExactlyInAnyOrder("east@2", "west@2", "east@22", "west@22");
        assertThat(motion).containsAll(beforeResume);
    }

    private static List<EventRecord> motionEvents() {
        return CommittedEventReader.readAll(session.kafka.bootstrapServers(), List.of(EventTopics.DEFAULT_MOTION_TOPIC),
                Duration.ofSeconds(30)).stream().filter(e -> e.type.equals(EventTypes.MOTION)).toList();
    }

    private static void awaitMotionEvents(int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (motionEvents().size() < count) {
            assertThat(System.nanoTime()).as(count + " motion events within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(300);
        }
    }

}
