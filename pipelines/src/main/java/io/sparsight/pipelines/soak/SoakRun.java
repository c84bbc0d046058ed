package io.sparsight.pipelines.soak;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventSerializationSchema;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.jobs.ConfiguredJob;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bytedeco.javacpp.Pointer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A long run under faults, measured ({@code ./sparsight soak}): live loopback cameras (the bundled FFmpeg looping a
 * clip over TCP, UDP and HLS), the job with every stage on (motion and anomaly everywhere, diffusion on the first
 * camera, grounding with one standing query on the second) on a MiniCluster in this process with the in-process
 * broker, one camera taken away for 15 s every two minutes, and the TaskManager killed once half way. A
 * read_committed consumer follows every event topic the whole time. Memory is the whole process's (job, broker,
 * servers' clients).
 */
public final class SoakRun {

    /** How long a camera is away when it is taken down. */
    static final Duration CAMERA_AWAY = Duration.ofSeconds(15);
    /** A camera is taken down every this long, the first one minute in. */
    static final Duration CAMERA_FAULT_EVERY = Duration.ofMinutes(2);

    private SoakRun() {}

    /** What to run. */
    public record Options(int cameras, int minutes, Path clip, Path out, PrintStream log) {
        public Options {
            if (cameras < 2 || minutes < 2) {
                throw new IllegalArgumentException("a soak needs at least 2 cameras and 2 minutes");
            }
        }
    }

    public static SoakResult run(Options o) throws Exception {
        Files.createDirectories(o.out());
        MemorySamples memory = new MemorySamples();
        memory.sample(0);
        List<Fault> faults = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); HlsFolders hls = new HlsFolders(o.out().resolve("hls"))) {
            EventTopics topics = EventTopics.defaults();
            kafka.createTopics(topics.allTopics());
            List<ClipServer> servers = new ArrayList<>();
            try {
                for (int i = 0; i < o.cameras(); i++) {
                    ClipServer server = new ClipServer("cam" + i, ClipServer.Protocol.values()[i % 3], o.clip(), hls);
                    server.start();
                    servers.add(server);
                }
                JobSettings settings = ConfigLoader.parse("soak.yaml", jobYaml(servers, kafka.bootstrapServers()),
                        o.out());
                Committed committed = new Committed(kafka.bootstrapServers(), List.copyOf(topics.allTopics()));
                committed.start();
                Configuration conf = LocalFlink.configuration(1, 0);
                MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                        .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
                cluster.start();
                try {
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
                    ConfiguredJob.configure(env, settings);
                    ConfiguredJob.build(env, settings, kafka.bootstrapServers(), o.log());
                    JobID job = cluster.submitJob(env.getStreamGraph()).get(60, TimeUnit.SECONDS).getJobID();
                    o.log().println("soak: job " + job + ", " + o.cameras() + " cameras, " + o.minutes() + " min");
                    drive(o, cluster, servers, memory, faults);
                    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
                } finally {
                    cluster.close();
                }
                Thread.sleep(5_000); // the consumer reads to the end of what was committed
                committed.stop();
                return SoakResult.of(o, memory, committed, faults, MemoryChart.write(memory,
                        o.out().resolve("memory.png")));
            } finally {
                for (ClipServer server : servers) {
                    server.close();
                }
            }
        }
    }

    /** A fault the soak made: a camera away (camera set) or the TaskManager killed (camera null), and when. */
    record Fault(String camera, long atMs) {}

    /** Samples memory every minute and makes the faults on schedule until the run's time is up. */
    private static void drive(Options o, MiniCluster cluster, List<ClipServer> servers, MemorySamples memory,
            List<Fault> faults) throws Exception {
        long start = System.currentTimeMillis();
        long end = start + Duration.ofMinutes(o.minutes()).toMillis();
        long nextSample = start + 60_000;
        long nextCameraFault = start + 60_000;
        long taskManagerKill = start + (end - start) / 2 + 15_000;
        boolean killed = false;
        int nextCamera = 0;
        ClipServer away = null;
        long backAt = 0;
        while (System.currentTimeMillis() < end) {
            long now = System.currentTimeMillis();
            if (now >= nextSample) {
                memory.sample((int) ((now - start + 30_000) / 60_000));
                o.log().println("soak: minute " + memory.lastMinute() + ", RSS " + memory.lastRssMb() + " MB");
                nextSample += 60_000;
            }
            if (away == null && now >= nextCameraFault && now + 2 * CAMERA_AWAY.toMillis() < end) {
                away = servers.get(nextCamera++ % servers.size());
                o.log().println("soak: camera " + away.url() + " away for " + CAMERA_AWAY.toSeconds() + " s");
                away.stop();
                backAt = now + CAMERA_AWAY.toMillis();
                nextCameraFault += CAMERA_FAULT_EVERY.toMillis();
            } else if (away != null && now >= backAt) {
                away.start();
                faults.add(new Fault("cam" + servers.indexOf(away), now));
                away = null;
            }
            if (!killed && now >= taskManagerKill) {
                o.log().println("soak: killing the TaskManager");
                cluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
                Thread.sleep(3_000);
                cluster.startTaskManager();
                faults.add(new Fault(null, System.currentTimeMillis()));
                killed = true;
            }
            Thread.sleep(500);
        }
        memory.sample(o.minutes());
    }

    private static String jobYaml(List<ClipServer> servers, String bootstrap) {
        StringBuilder yaml = new StringBuilder("""
                job: { name: soak, parallelism: 1, checkpointInterval: 1s, restartDelay: 1s, restartDelayMax: 10s }
                cameras:
                """);
        for (int i = 0; i < servers.size(); i++) {
            String stages = i == 0 ? ", diffusion: true" : i == 1 ? ", grounding: true, channels: 3" : "";
            yaml.append("  - { id: cam").append(i).append(", url: '").append(servers.get(i).url())
                    .append("', sampling: fps=5, size: 180x120, anomaly: true").append(stages).append(" }\n");
        }
        yaml.append("grounding:\n  queries: [{ id: walkers, text: 'people walk along the walkway' }]\n");
        yaml.append("kafka: { bootstrapServers: '").append(bootstrap).append("' }\n");
        return yaml.toString();
    }

    /**
     * By minute: the process's RSS; what of it is outside the JVM's committed heap and non-heap (libtorch, FFmpeg,
     * the broker's buffers: native memory); and the heap in use.
     */
    static final class MemorySamples {
        final Map<Integer, Double> rssMb = new TreeMap<>();
        final Map<Integer, Double> nativeMb = new TreeMap<>();
        final Map<Integer, Double> heapMb = new TreeMap<>();
        private int last;

        void sample(int minute) {
            MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
            long rss = Pointer.physicalBytes();
            long committed = jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted();
            rssMb.put(minute, round(rss / 1e6));
            nativeMb.put(minute, round(Math.max(0, rss - committed) / 1e6));
            heapMb.put(minute, round(jvm.getHeapMemoryUsage().getUsed() / 1e6));
            last = minute;
        }

        int lastMinute() {
            return last;
        }

        double lastRssMb() {
            return rssMb.get(last);
        }

        private static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }
    }

    /**
     * A read_committed consumer of every event topic, for the whole run: ids, statuses, and two latencies of every
     * event but statuses: from the arrival of the frame that closed it (its {@code sparsight-arrival-ms} header) to
     * the consumer seeing it, by event type; and from its event time (a span's end, a moment's end) to the same.
     */
    static final class Committed {
        private final Properties props = new Properties();
        private final List<String> topics;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        final Map<String, Integer> idCounts = new ConcurrentHashMap<>();
        /** From the closing frame's arrival to the consumer, by event type. */
        final Map<String, List<Long>> latenciesMsByType = new TreeMap<>();
        /** From the event's time to the consumer. */
        final List<Long> eventTimeLatenciesMs = new ArrayList<>();
        final Map<String, Integer> byType = new TreeMap<>();
        /** Per camera, the capture times of its committed {@code online} statuses. */
        final Map<String, List<Long>> onlineAt = new HashMap<>();
        int reconnects;

        Committed(String bootstrap, List<String> topics) {
            this.topics = topics;
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            thread = new Thread(this::consume, "soak-consumer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        private void consume() {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : topics) {
                    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        Header arrival = r.headers().lastHeader(EventSerializationSchema.ARRIVAL_HEADER);
                        long now = System.currentTimeMillis();
                        seen(CloudEventJson.fromBytes(r.value()), now - r.timestamp(), arrival == null ? -1
                                : now - Long.parseLong(new String(arrival.value(), StandardCharsets.US_ASCII)));
                    }
                }
            }
        }

        /** @param fromArrivalMs -1 when the event has no closing frame */
        synchronized void seen(EventRecord event, long fromEventTimeMs, long fromArrivalMs) {
            idCounts.merge(event.id, 1, Integer::sum);
            byType.merge(event.type, 1, Integer::sum);
            if (!event.type.equals(EventTypes.CAMERA_STATUS)) {
                eventTimeLatenciesMs.add(fromEventTimeMs);
                if (fromArrivalMs >= 0) {
                    latenciesMsByType.computeIfAbsent(event.type, t -> new ArrayList<>()).add(fromArrivalMs);
                }
                return;
            }
            String state = CloudEventJson.parse(event.dataJson).path("state").asText();
            if (state.equals("online")) {
                onlineAt.computeIfAbsent(event.camera, c -> new ArrayList<>()).add(event.timeMs);
            } else if (state.equals("reconnecting")) {
                reconnects++;
            }
        }
    }
}
