package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.local.EmbeddedKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sparsight kafka}: a single-node Kafka broker on 127.0.0.1 that keeps its data between starts, for jobs
 * submitted to a session cluster, {@code events tail} and {@code query}. Runs until stopped (Ctrl-C or SIGTERM).
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Run a local Kafka broker (KRaft, one node, 127.0.0.1 only) until Ctrl-C; its data stays in",
                "--dir between starts. Creates Sparsight's default topics."})
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "broker port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--controller-port", description = "KRaft controller port (default: --port + 1)")
    Integer controllerPort;

    @Option(names = "--dir", paramLabel = "DIR", description = "log folder, kept between starts"
            + " (default: ~/.sparsight/kafka)")
    Path dir;

    @Override
    public Integer call() {
        int controller = controllerPort != null ? controllerPort : port + 1;
        for (int p : new int[] {port, controller}) {
            if (!isFree(p)) {
                System.err.println("Port " + p + " on 127.0.0.1 is taken (another broker already running?). Choose"
                        + " others with --port (and --controller-port).");
                return 2;
            }
        }
        Path logDir = dir != null ? CliPaths.resolve(dir)
                : Path.of(System.getProperty("user.home"), ".sparsight", "kafka");
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            awaitQuietly(closed);                        // let the broker shut down cleanly before the JVM exits
        }));
        try (EmbeddedKafka kafka = EmbeddedKafka.startKeeping(logDir, port, controller)) {
            List<String> topics = new ArrayList<>(EventTopics.defaults().allTopics());
            kafka.createTopics(topics);
            kafka.createTopics(List.of(EventTopics.DEFAULT_QUERY_TOPIC), EventTopics.CONTROL_PARTITIONS);
            topics.add(EventTopics.DEFAULT_QUERY_TOPIC);
            System.out.println("Kafka broker at " + kafka.bootstrapServers() + " (data in " + logDir
                    + "); topics " + String.join(", ", topics) + ". Ctrl-C stops it.");
            System.out.println("Jobs use it with   kafka: { bootstrapServers: " + kafka.bootstrapServers() + " }");
            awaitQuietly(stopRequested);
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
