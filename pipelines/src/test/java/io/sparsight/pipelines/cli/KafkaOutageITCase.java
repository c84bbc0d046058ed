package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.testing.LoopbackTcpStream;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.jobs.ConfiguredJob;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka away for longer than a job over files would keep restarting: a live job (one TCP camera on loopback, built
 * as {@code run} builds it) keeps restarting with growing delays while the in-process broker is stopped, and when
 * the broker comes back on the same port with the same log, the job runs again: the camera comes online again, and
 * what was committed before the outage is still there, once.
 */
class KafkaOutageITCase {

    /** Longer than three quick restarts take when each waits 5 s for the broker (the clients' timeouts below). */
    private static final Duration OUTAGE = Duration.ofSeconds(45);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aLiveJobOutlastsABrokerAwayLongerThanItsRestartsWouldLastAndLosesNothingCommitted() throws Exception {
        int brokerPort = freePort();
        int controllerPort = freePort();
        Path log = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.startKeeping(log, brokerPort, controllerPort);
        try (LoopbackTcpStream camera = new LoopbackTcpStream(160, 120, 10)) {
            camera.start();
            Path config = Files.writeString(dir.resolve("job.yaml"), """
                    job: { name: outage, checkpointInterval: 1s, restartDelay: 1s, restartDelayMax: 8s }
                    cameras:
                      - { id: gate, url: '%s', sampling: fps=5, size: 160x120 }
                    kafka:
                      bootstrapServers: '%s'
                      properties: { max.block.ms: '5000', request.timeout.ms: '5000', delivery.timeout.ms: '10000',
                                    default.api.timeout.ms: '5000' }
                    """.formatted(camera.url(), kafka.bootstrapServers()));
            JobSettings settings = ConfigLoader.load(config);
            String bootstrap = kafka.bootstrapServers();
            StreamExecutionEnvironment env = LocalFlink.environment(1, settings.checkpointInterval(),
                    LocalJobRunner.RESTART_ATTEMPTS);
            ConfiguredJob.configure(env, settings);
            ConfiguredJob.build(env, settings, bootstrap, System.out);
            JobClient job = env.executeAsync(settings.name());
            CompletableFuture<JobExecutionResult> ended = job.getJobExecutionResult();
            try {
                awaitEvents(bootstrap, events -> onlineCount(events) >= 1, 90);
                List<EventRecord> before = read(bootstrap);

                kafka.close();
                long back = System.nanoTime() + OUTAGE.toNanos();
                while (System.nanoTime() < back) {
                    if (ended.isDone()) {
                        throw new AssertionError("the job ended while the broker was away: "
                                + ended.handle((r, e) -> String.valueOf(e != null ? e : r)).get());
                    }
                    Thread.sleep(1000);
                }
                kafka = EmbeddedKafka.startKeeping(log, brokerPort, controllerPort);

                // the restarted job connects to the camera again: a second "online" only a restart makes
                awaitEvents(bootstrap, events -> onlineCount(events) >= 2, 180);
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
                List<EventRecord> after = read(bootstrap);
                System.out.println("committed before the outage: " + before.size() + ", after: " + after.size());
                Set<String> ids = new HashSet<>();
                after.forEach(e -> ids.add(e.id));
                assertThat(ids).as("distinct ids of the committed events").hasSize(after.size());
                assertThat(ids).as("events committed before the outage").containsAll(
                        before.stream().map(e -> e.id).toList());
            } finally {
                if (!ended.isDone()) {
                    job.cancel().get(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            kafka.close();
        }
    }

    private static long onlineCount(List<EventRecord> events) {
        return events.stream().filter(e -> e.type.equals(EventTypes.CAMERA_STATUS)
                && CloudEventJson.parse(e.dataJson).path("state").asText().equals(CameraStatus.ONLINE)).count();
    }

    private static List<EventRecord> read(String bootstrap) {
        return CommittedEventReader.readAll(bootstrap, List.of("sparsight.camera-status", "sparsight.motion"),
                READ_TIMEOUT);
    }

    private static void awaitEvents(String bootstrap, Predicate<List<EventRecord>> done, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            List<EventRecord> events;
            try {
                events = read(bootstrap);
            } catch (RuntimeException brokerStarting) {
                events = List.of();
            }
            if (done.test(events)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not there after " + seconds + " s; committed: " + events);
            }
            Thread.sleep(1000);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
