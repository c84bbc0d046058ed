package io.sparsight.pipelines.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import io.sparsight.operators.events.EventTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM, bound to
 * 127.0.0.1: on free ports with its log in a temporary folder deleted on {@link #close()} (the demo, {@code run},
 * integration tests), or on given ports with a log folder that is kept ({@code ./sparsight kafka}, a local broker
 * for a session cluster). Production uses an external cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int brokerPort;
    private final int saslPort;
    private final KafkaRaftServer server;
    private final boolean deleteOnClose;

    private EmbeddedKafka(Path logDir, int brokerPort, int saslPort, KafkaRaftServer server, boolean deleteOnClose) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.server = server;
        this.deleteOnClose = deleteOnClose;
    }

    /** Formats a fresh temporary log folder, starts the broker on free ports and waits until it answers. */
    public static EmbeddedKafka start() {
        return startTemporary(new Properties(), 0);
    }

    /**
     * As {@link #start()}, with a second listener on another loopback port ({@link #saslBootstrapServers()}) that
     * takes SASL/PLAIN clients with this user and password only: for trying kafka.properties against a broker that
     * needs credentials. The plain listener stays for the broker's own use.
     */
    public static EmbeddedKafka startWithSaslPlain(String user, String password) {
        int saslPort = FreePorts.next();
        Properties sasl = new Properties();
        sasl.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "PLAIN");
        sasl.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + user + "=\""
                        + password + "\";");
        sasl.put("sasl.enabled.mechanisms", "PLAIN");
        return startTemporary(sasl, saslPort);
    }

    private static EmbeddedKafka startTemporary(Properties extra, int saslPort) {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("sparsight-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the embedded Kafka log", e);
        }
        try {
            return start(logDir, FreePorts.next(), FreePorts.next(), saslPort, extra, true);
        } catch (RuntimeException e) {
            deleteRecursively(logDir);
            throw e;
        }
    }

    /**
     * Starts a broker whose log lives in {@code logDir} and outlives it ({@code ./sparsight kafka}): the folder is
     * formatted the first time, and later starts find their topics and committed events again.
     */
    public static EmbeddedKafka startKeeping(Path logDir, int brokerPort, int controllerPort) {
        return start(logDir, brokerPort, controllerPort, 0, new Properties(), false);
    }

    private static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort, int saslPort, Properties extra,
            boolean deleteOnClose) {
        Properties props = serverProperties(logDir, brokerPort, controllerPort);
        if (saslPort > 0) {
            props.put("listeners", props.get("listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map")
                    + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        }
        props.putAll(extra);
        if (!Files.exists(logDir.resolve("data").resolve("meta.properties"))) {
            format(logDir, props);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, brokerPort, saslPort, server, deleteOnClose);
        kafka.awaitReady(Duration.ofSeconds(60));
        LOG.info("Kafka broker ready at {}", kafka.bootstrapServers());
        return kafka;
    }

    static Properties serverProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        return p;
    }

    /** The equivalent of {@code kafka-storage format --standalone}, with transaction.version=0 (see RECIPES.md). */
    private static void format(Path logDir, Properties props) {
        Path propsFile = logDir.resolve("server.properties");
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log folder " + logDir, e);
        }
        try (OutputStream out = Files.newOutputStream(propsFile)) {
            props.store(out, "sparsight embedded broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {
                "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString(),
                "--feature", "transaction.version=0"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the embedded Kafka log failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the embedded Kafka broker did not answer within " + timeout, e);
                    }
                    sleep(100);
                }
            }
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The SASL/PLAIN listener of {@link #startWithSaslPlain}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener (startWithSaslPlain makes one)");
        }
        return "127.0.0.1:" + saslPort;
    }

    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000"));
    }

    /** Creates topics with one partition each; topics that exist already are left as they are. */
    /** Creates event topics ({@link EventTopics#DEFAULT_PARTITIONS} partitions each); existing ones are kept. */
    public void createTopics(Collection<String> topics) {
        createTopics(topics, EventTopics.DEFAULT_PARTITIONS);
    }

    /** Creates the topics with this many partitions each; existing ones are kept as they are. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            try {
                admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics " + topics + ": " + e.getCause().getMessage(), e);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot create topics " + topics + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteOnClose) {
                deleteRecursively(logDir);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }
}
