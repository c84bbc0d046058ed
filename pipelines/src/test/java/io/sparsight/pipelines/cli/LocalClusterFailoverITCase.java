package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session cluster of {@code deploy/local-cluster.sh} (ZooKeeper, JobManager, TaskManager as processes of their
 * own, from the build's jar): its JobManager is killed with SIGKILL in the middle of a job over two paced cameras and
 * started again by the same script, and the job goes on from its last checkpoint by itself (JobManager high
 * availability): every expected motion span is committed exactly once, none missing.
 */
class LocalClusterFailoverITCase {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static EmbeddedKafka kafka;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

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
    void aKilledJobManagerStartedAgainTakesUpTheJobFromItsLastCheckpoint() throws Exception {
        Path jar = ROOT.resolve("pipelines/target/sparsight.jar");
        assertThat(jar).as("the build's jar (made by the package phase)").exists();
        Path clusterDir = dir.resolve("cluster");
        int restPort = freePort();
        Map<String, String> env = Map.of("SPARSIGHT_JAR", jar.toString(),
                "SPARSIGHT_CLUSTER_DIR", clusterDir.toString(),
                "SPARSIGHT_REST_PORT", Integer.toString(restPort),
                "SPARSIGHT_RPC_PORT", Integer.toString(freePort()),
                "SPARSIGHT_BLOB_PORT", Integer.toString(freePort()),
                "SPARSIGHT_ZK_PORT", Integer.toString(freePort()));
        // 30 s at 10 fps; blocks move 2.0-4.0 s and 26.0-28.0 s: two spans per camera; the kill and the new
        // JobManager's recovery come between them
        Path video = SyntheticVideo.of(160, 120, 10, 300).movingBlock(20, 40).movingBlock(260, 280)
                .writeTo(dir.resolve("block.mp4"));
        Path config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: ha-test, parallelism: 2, checkpointInterval: 500ms, checkpointDir: '%s' }
                cameras:
                  - { id: east, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                  - { id: west, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(dir.resolve("checkpoints"), video, video, kafka.bootstrapServers()));
        try {
            cluster(env, "start");
            assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager",
                    "127.0.0.1:" + restPort)).as(console.err()).isZero();
            awaitMotionEvents(2, 120, clusterDir); // the first span of each camera, about 5 s in

            long jobManager = Long.parseLong(Files.readString(clusterDir.resolve("jobmanager.pid")).trim());
            ProcessHandle.of(jobManager).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            ProcessHandle.of(jobManager).ifPresent(p -> p.onExit().join());
            List<EventRecord> beforeKill = motionEvents();
            assertThat(beforeKill).as("spans committed when the JobManager died").hasSizeLessThan(4);

            cluster(env, "start"); // starts the JobManager again; ZooKeeper and the TaskManager still run
            awaitMotionEvents(4, 240, clusterDir);
            Thread.sleep(1_000); // a duplicate, were there one, would be committed by now
            List<EventRecord> motion = motionEvents();
            assertThat(motion).extracting(e -> e.id).doesNotHaveDuplicates();
            assertThat(motion).as("two spans per camera, each once").hasSize(4)
                    .extracting(e -> e.camera + "@"
                            + Math.round(CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong() / 1000.0))
                    .containsExactlyInAnyOrder("east@2", "west@2", "east@26", "west@26");
            assertThat(motion).containsAll(beforeKill);
        } finally {
            cluster(env, "reset");
        }
    }

    private static void cluster(Map<String, String> env, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("deploy/local-cluster.sh").toString(), command)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("local-cluster.sh " + command).isTrue();
        assertThat(process.exitValue()).as("local-cluster.sh " + command + ": " + output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<EventRecord> motionEvents() {
        return CommittedEventReader.readAll(kafka.bootstrapServers(), List.of(EventTopics.DEFAULT_MOTION_TOPIC),
                Duration.ofSeconds(30)).stream().filter(e -> e.type.equals(EventTypes.MOTION)).toList();
    }

    private static void awaitMotionEvents(int count, int seconds, Path clusterDir) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (motionEvents().size() < count) {
            if (System.nanoTime() > deadline) {
                Path log = clusterDir.resolve("jobmanager.log");
                String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
                        .filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(40).toList()) : "(no log)";
                throw new AssertionError(count + " motion events within " + seconds + " s; JobManager warnings:\n" + tail);
            }
            Thread.sleep(300);
        }
    }
}
