package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.data.SceneVideos;
import io.sparsight.pipelines.jobs.ShapeRoundTrips;
import io.sparsight.pipelines.local.CommittedEventReader;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grounding job restored from a checkpoint keeps its standing queries: the query is added (from the configuration,
 * through the control topic) before the job's first checkpoint; after its first moment the TaskManager is killed, and
 * the restored job, which resumes the control topic after that add, still finds the query's later moments, because
 * the queries in force are in its broadcast state. Each moment is committed once.
 */
class GroundingRestoreITCase {

    @RegisterExtension
    static final SessionCluster session = new SessionCluster(1);

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void aRestoredJobStillAnswersTheQueriesItHadBeforeItsTaskManagerWasLost() throws Exception {
        Path video = dir.resolve("stream.mp4");
        SceneVideos.write(ShapeRoundTrips.scene(), video);
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: grounding-restore, parallelism: 1, checkpointInterval: 500ms, checkpointDir: '%s' }
                cameras:
                  - { id: cam, url: '%s', sampling: full, size: 160x120, channels: 3, playbackSpeed: 2, grounding: true }
                grounding:
                  queries:
                    - { id: red-right, text: 'the red square moves to the right', camera: cam, threshold: 0.5 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(dir.resolve("checkpoints"), video, session.kafka.bootstrapServers()));
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", session.jobManager()))
                .as(console.err()).isZero();
        JobID job = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));

        awaitMoments(moments -> !moments.isEmpty(), 120);
        session.cluster.terminateTaskManager(0).get();
        session.cluster.startTaskManager();
        // the first repeat's moment is committed; the restored job must find the later ones (from 18 s of the stream)
        awaitMoments(moments -> moments.stream().anyMatch(m -> startSeconds(m) >= ShapeRoundTrips.PERIOD), 180);
        session.awaitFinished(job, 180);

        List<EventRecord> moments = moments();
        System.out.println("moments: " + moments.stream().map(m -> startSeconds(m) + " s").toList());
        assertThat(moments).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(moments).extracting(e -> CloudEventJson.parse(e.dataJson).path("queryId").asText())
                .containsOnly("red-right");
        assertThat(moments.stream().filter(m -> startSeconds(m) >= ShapeRoundTrips.PERIOD).count())
                .as("moments of the later repeats, found after the restore").isGreaterThanOrEqualTo(1);
        List<String> reasons = CommittedEventReader.readAll(session.kafka.bootstrapServers(),
                        List.of(EventTopics.DEFAULT_CAMERA_STATUS_TOPIC), Duration.ofSeconds(20)).stream()
                .map(e -> CloudEventJson.parse(e.dataJson).path("reason").asText()).toList();
        assertThat(reasons).as("the camera's statuses: the job was restored from a checkpoint")
                .anyMatch(r -> r.startsWith("resumed "));
    }

    private static double startSeconds(EventRecord moment) {
        return CloudEventJson.parse(moment.dataJson).path("startOffsetMs").asLong() / 1000.0;
    }

    private static List<EventRecord> moments() {
        return CommittedEventReader.readAll(session.kafka.bootstrapServers(),
                List.of(EventTopics.DEFAULT_MOMENT_TOPIC), Duration.ofSeconds(20));
    }

    private static void awaitMoments(Predicate<List<EventRecord>> done, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.test(moments())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("moments awaited for " + seconds + " s; committed: " + moments());
            }
            Thread.sleep(500);
        }
    }
}
