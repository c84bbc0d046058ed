package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.operators.testing.LoopbackTcpStream;
import io.sparsight.pipelines.contract.EventContract;
import io.sparsight.pipelines.local.CameraTopic;
import io.sparsight.pipelines.local.CommittedEventReader;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cameras changed while a job runs ({@code cameras add|remove|list}), over live MPEG-TS streams on loopback: an added
 * camera comes online, a removed one reports {@code removed} and sends nothing more, a changed one goes offline and
 * comes back with its new settings, a broken control message changes nothing; then the
 * TaskManager is killed and the job, restored from its last checkpoint, brings back the cameras last set, not the
 * configured ones. Events are read committed, as a consumer of the exactly-once job sees them.
 */
class CameraChangesITCase {

    private static final Logger LOG = LoggerFactory.getLogger(CameraChangesITCase.class);

    @RegisterExtension
    static final SessionCluster session = new SessionCluster(2);

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void camerasAddedAndRemovedWhileRunningAreTheOnesThatComeBackAfterATaskManagerLoss() throws Exception {
        try (LoopbackTcpStream north = new LoopbackTcpStream(160, 120, 10);
                LoopbackTcpStream south = new LoopbackTcpStream(160, 120, 10);
                LoopbackTcpStream east = new LoopbackTcpStream(160, 120, 10)) {
            north.start();
            south.start();
            east.start();
            Path config = Files.writeString(dir.resolve("job.yaml"), """
                    job: { name: changing, parallelism: 2, checkpointInterval: 500ms, checkpointDir: '%s' }
                    cameras:
                      - { id: north, url: '%s', sampling: fps=5, size: 160x120 }
                      - { id: south, url: '%s', sampling: fps=5, size: 160x120 }
                    kafka: { bootstrapServers: '%s' }
                    """.formatted(dir.resolve("checkpoints"), north.url(), south.url(), session.kafka.bootstrapServers()));
            assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", session.jobManager()))
                    .as(console.err()).isZero();
            JobID job = JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1"));
            awaitStatus("north", "online", 1, 90);
            awaitStatus("south", "online", 1, 90);

            // a broken message on the topic is refused (the job logs why) and changes nothing; the next one applies
            CameraTopic.send(KafkaClientProperties.of(session.kafka.bootstrapServers(), Map.of()),
                    "sparsight.changing.cameras", List.of("{\"action\": \"add\", \"camera\": {\"id\": \"bad\"}}", "not json"));
            console.reset();
            long addSent = System.nanoTime();
            assertThat(SparsightCli.run("cameras", "add", "--config", config.toString(), "--id", "east", "--url",
                    east.url(), "--sampling", "fps=5", "--size", "160x120")).as(console.err()).isZero();
            awaitStatus("east", "online", 1, 60);
            long addMs = (System.nanoTime() - addSent) / 1_000_000;

            long removeSent = System.nanoTime();
            assertThat(SparsightCli.run("cameras", "remove", "north", "--config", config.toString()))
                    .as(console.err()).isZero();
            awaitStatus("north", "removed", 1, 60);
            long removeMs = (System.nanoTime() - removeSent) / 1_000_000;
            LOG.info("Camera added: its online event committed {} ms after the request; camera removed: its removed"
                    + " status committed {} ms after the request", addMs, removeMs);

            assertThat(statuses(e -> e.camera.equals("south"))).as("south ran on untouched by the add and the remove")
                    .extracting(CameraChangesITCase::state).containsExactly("online");
            // a change: south starts again with its new sampling, and says so
            assertThat(SparsightCli.run("cameras", "add", "--config", config.toString(), "--id", "south", "--url",
                    south.url(), "--sampling", "fps=2", "--size", "160x120")).as(console.err()).isZero();
            awaitStatus("south", "offline", 1, 60);
            awaitStatus("south", "online", 2, 60);

            console.reset();
            assertThat(SparsightCli.run("cameras", "list", "--config", config.toString())).as(console.err()).isZero();
            assertThat(console.out()).containsPattern("east +added")
                    .containsPattern("south +changed +fps=2.0")
                    .containsPattern("north +removed");

            session.cluster.terminateTaskManager(0).get();
            session.cluster.startTaskManager();
            // restored from a checkpoint taken after both changes (their events are committed, so one completed)
            awaitStatus("south", "online", 3, 120);
            awaitStatus("east", "online", 2, 120);
            Thread.sleep(2_000); // a few more checkpoints: anything north said on the restart would be committed by now
            List<EventRecord> northAfterRemoval = statuses(e -> e.camera.equals("north")).stream()
                    .dropWhile(e -> !state(e).equals("removed")).skip(1).toList();
            assertThat(northAfterRemoval).as("north says nothing once removed, restart included").isEmpty();
            assertThat(statuses(e -> e.camera.equals("bad"))).as("the refused message added nothing").isEmpty();
            List<EventRecord> deadLetters = CommittedEventReader.readAll(session.kafka.bootstrapServers(),
                    List.of(EventTopics.DEFAULT_REJECTED_TOPIC), Duration.ofSeconds(30));
            assertThat(deadLetters).as("a dead letter per refused camera message, saying why")
                    .allSatisfy(e -> assertThat(e.camera).isEqualTo("sparsight.changing.cameras"))
                    .extracting(e -> CloudEventJson.parse(e.dataJson).path("reason").asText())
                    .satisfiesExactlyInAnyOrder(r -> assertThat(r).contains("needs a url"),
                            r -> assertThat(r).startsWith("not JSON"));
            assertThat(EventContract.assertValid(CommittedEventReader.readRecords(session.kafka.bootstrapServers(),
                    List.of(EventTopics.DEFAULT_CAMERA_STATUS_TOPIC, EventTopics.DEFAULT_REJECTED_TOPIC),
                    "read_committed", Duration.ofSeconds(30))))
                    .as("every status (removed included) and dead letter fits its schema").isGreaterThan(8);
            assertThat(session.cluster.getJobStatus(job).get()).isEqualTo(JobStatus.RUNNING);
            session.cluster.cancelJob(job).get();
        }
    }

    private static String state(EventRecord e) {
        return CloudEventJson.parse(e.dataJson).path("state").asText();
    }

    private static List<EventRecord> statuses(Predicate<EventRecord> which) {
        return CommittedEventReader.readAll(session.kafka.bootstrapServers(),
                        List.of(EventTopics.DEFAULT_CAMERA_STATUS_TOPIC), Duration.ofSeconds(30)).stream()
                .filter(e -> e.type.equals(EventTypes.CAMERA_STATUS)).filter(which).toList();
    }

    private static void awaitStatus(String camera, String state, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (statuses(e -> e.camera.equals(camera) && state(e).equals(state)).size() < count) {
            assertThat(System.nanoTime()).as("%d '%s' status event(s) of camera %s within %d s; seen: %s", count, state,
                    camera, seconds, statuses(e -> true).stream().map(e -> e.camera + ":" + state(e)).toList())
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
