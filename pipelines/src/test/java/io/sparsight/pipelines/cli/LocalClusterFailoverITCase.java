package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
    @RegisterExtension
    static final KafkaBroker kafka = new KafkaBroker();

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

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
        // the kill and the new JobManager's recovery come between the two spans of each camera
        TwoPacedCameras job = new TwoPacedCameras(dir, "ha-test", 30, kafka.bootstrapServers());
        Path config = job.config;
        try {
            cluster(env, "start", clusterDir);
            assertThat(SparsightCli.run("submit", "--config", config.toString(), "--jobmanager",
                    "127.0.0.1:" + restPort)).as(console.err()).isZero();
            job.awaitMotionEvents(2, 120, () -> jobManagerWarnings(clusterDir)); // the first span of each camera, about 5 s in

            long jobManager = Long.parseLong(Files.readString(clusterDir.resolve("jobmanager.pid")).trim());
            ProcessHandle.of(jobManager).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            ProcessHandle.of(jobManager).ifPresent(p -> p.onExit().join());
            List<EventRecord> beforeKill = job.motionEvents();
            assertThat(beforeKill).as("spans committed when the JobManager died").hasSizeLessThan(4);

            cluster(env, "start", clusterDir); // starts the JobManager again; ZooKeeper and the TaskManager still run
            job.awaitMotionEvents(4, 240, () -> jobManagerWarnings(clusterDir));
            Thread.sleep(1_000); // a duplicate, were there one, would be committed by now
            job.assertEverySpanOnce(beforeKill);
        } finally {
            cluster(env, "reset", clusterDir);
        }
    }

    private static void cluster(Map<String, String> env, String command, Path clusterDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("deploy/local-cluster.sh").toString(), command)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(240, TimeUnit.SECONDS)).as("local-cluster.sh " + command).isTrue();
        if (process.exitValue() != 0) { // the cluster's folder goes with the test: say now what its logs said
            System.out.println("local-cluster.sh " + command + " failed; the logs' errors:\n"
                    + jobManagerWarnings(clusterDir) + "\nthe last lines of each log:\n" + logTails(clusterDir));
        }
        assertThat(process.exitValue()).as("local-cluster.sh " + command + ": " + output).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** What the cluster's logs say went wrong (and the job states), for a test that times out. */
    private static String jobManagerWarnings(Path clusterDir) {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"jobmanager.log", "taskmanager.log"}) {
            Path log = clusterDir.resolve(name);
            try {
                out.append(name).append(":\n").append(Files.exists(log) ? String.join("\n", Files.readAllLines(log)
                        .stream().filter(l -> l.contains(" ERROR ") || l.contains("switched from") || l.contains("Exception"))
                        .limit(40).toList()) : "(none)").append('\n');
            } catch (IOException e) {
                out.append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }

    private static String logTails(Path clusterDir) {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"zookeeper.out", "jobmanager.out", "jobmanager.log", "taskmanager.out",
                "taskmanager.log"}) {
            Path log = clusterDir.resolve(name);
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(none)");
                out.append("== ").append(name).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                        .append('\n');
            } catch (IOException e) {
                out.append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }
}
