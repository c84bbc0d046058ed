package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sparsight submit} to a Flink cluster through its REST endpoint (a MiniCluster with REST on 127.0.0.1,
 * which takes jobs as a session cluster does), events to a real broker, then {@code sparsight events tail} reading
 * them back committed.
 */
class SubmitCommandITCase {

    @RegisterExtension
    static final SessionCluster session = new SessionCluster(2);

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void aSubmittedJobRunsOnTheClusterAndItsCommittedEventsCanBeTailed() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: submitted, parallelism: 1, checkpointInterval: 1s }
                cameras:
                  - { id: cam, url: '%s', sampling: full, size: 180x120 }
                kafka:
                  bootstrapServers: '%s'
                  deliveryGuarantee: exactly-once
                  # topics of its own: the other test's job writes to the same broker, in any order
                  topics: { motion: submitted.motion, cameraStatus: submitted.camera-status }
                """.formatted(clip, session.kafka.bootstrapServers()));

        int submitted = SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", "127.0.0.1:" + session.restPort);
        assertThat(submitted).as(console.err()).isZero();
        assertThat(console.out()).containsPattern("Submitted: job [0-9a-f]{32}");
        session.awaitFinished(JobID.fromHexString(console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1")), 120);

        console.reset();
        int tailed = SparsightCli.run("events", "tail", "--config", config.toString(), "--from-beginning",
                "--type", "motion", "--max", "1", "--timeout", "60");
        assertThat(tailed).as(console.err()).isZero();
        // the cart enters at 3.0 s (as in the demo)
        assertThat(console.out()).containsPattern("00:0[23]\\.\\d - 00:1\\d\\.\\d +\\d+\\.\\d s +cam +io.sparsight.motion");

        console.reset();
        SparsightCli.run("events", "tail", "--config", config.toString(), "--from-beginning",
                "--type", "camera.status", "--json", "--max", "2", "--timeout", "60");
        List<JsonNode> statuses = console.out().lines().map(SubmitCommandITCase::json).toList();
        assertThat(statuses).extracting(e -> e.path("type").asText()).containsOnly("io.sparsight.camera.status");
        assertThat(statuses).extracting(e -> e.path("data").path("state").asText()).containsExactly("online", "ended");
    }

    @Test
    void aRunningJobIsListedAndCancelled() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path config = Files.writeString(dir.resolve("slow.yaml"), """
                job: { name: paced, parallelism: 1, checkpointInterval: 1s }
                cameras:
                  - { id: paced, url: '%s', playbackSpeed: 0.25, size: 180x120 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(clip, session.kafka.bootstrapServers()));
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", "127.0.0.1:" + session.restPort))
                .as(console.err()).isZero();
        String jobId = console.out().replaceAll("(?s).*Submitted: job ([0-9a-f]{32}).*", "$1");

        console.reset();
        assertThat(SparsightCli.run("jobs", "list", "--jobmanager", "127.0.0.1:" + session.restPort)).isZero();
        assertThat(console.out()).containsPattern(jobId + " +(CREATED|INITIALIZING|RUNNING) .* paced");

        console.reset();
        assertThat(SparsightCli.run("jobs", "cancel", jobId, "--jobmanager", "127.0.0.1:" + session.restPort))
                .as(console.err()).isZero();
        assertThat(console.out()).contains("Cancelled job " + jobId);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (session.cluster.getJobStatus(JobID.fromHexString(jobId)).get() != JobStatus.CANCELED) {
            assertThat(System.nanoTime()).as("cancelled within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void cancellingSomethingThatIsNotAJobIdIsAClearError() {
        assertThat(SparsightCli.run("jobs", "cancel", "not-a-job", "--jobmanager", "127.0.0.1:" + session.restPort))
                .isEqualTo(2);
        assertThat(console.err()).contains("is not a job id");
    }

    @Test
    void tailingABrokerThatIsNotThereIsAClearError() throws Exception {
        int unused;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }
        assertThat(SparsightCli.run("events", "tail", "--bootstrap", "127.0.0.1:" + unused, "--timeout", "2"))
                .isEqualTo(1);
        assertThat(console.err()).contains("No Kafka broker answered at 127.0.0.1:" + unused + " within 2 s");
    }

    @Test
    void aConfigurationWithTheEmbeddedBrokerCannotBeSubmitted() throws Exception {
        Path config = Files.writeString(dir.resolve("local.yaml"), """
                cameras:
                  - { id: cam, url: 'lavfi:testsrc' }
                """);
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", "127.0.0.1:" + session.restPort))
                .isEqualTo(2);
        assertThat(console.err()).contains("no kafka.bootstrapServers").contains("./sparsight kafka");
    }

    @Test
    void aJobManagerAddressWithoutAPortIsAClearError() throws Exception {
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                cameras:
                  - { id: cam, url: 'lavfi:testsrc' }
                kafka: { bootstrapServers: '%s' }
                """.formatted(session.kafka.bootstrapServers()));
        assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager", "localhost")).isEqualTo(2);
        assertThat(console.err()).contains("HOST:PORT");
    }


    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
