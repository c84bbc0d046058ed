package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.pipelines.config.JobSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code sparsight events tail}: follows the event topics of a broker with {@code isolation.level=read_committed}
 * (events of aborted transactions never show) and prints each event as a table row, or as its CloudEvents JSON.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print events as jobs commit them (read_committed), until Ctrl-C, --max or --timeout.",
                "Broker and topics from --config (its kafka section) or --bootstrap (default topic names)."})
final class EventsTailCommand implements Callable<Integer> {

    /** Column width for camera ids while tailing: rows are printed as they come, so it cannot be measured first. */
    private static final int CAMERA_WIDTH = 14;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE", description = "take the broker and topics from a job configuration")
    Path config;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
            description = "only these event types: motion, anomaly, prediction, repair, moment, camera.status,"
                    + " rejected (or io.sparsight.*)")
    List<String> types;

    @Option(names = "--from-beginning", description = "start with the oldest committed event (default: new ones only)")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "stop after N events")
    Integer max;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "stop after this many seconds")
    Integer timeoutSeconds;

    @Option(names = "--json", description = "print each event's CloudEvents JSON on a line of its own")
    boolean json;

    @Override
    public Integer call() {
        String servers = bootstrap;
        EventTopics topics = EventTopics.defaults();
        java.util.Map<String, String> properties = java.util.Map.of();
        if (config != null) {
            JobSettings settings = ConfigFiles.loadOrExplain(config);
            if (settings == null) {
                return 2;
            }
            if (servers == null && settings.kafka().embedded()) {
                System.err.println(config + " uses the embedded broker, which lives only while 'sparsight run' runs"
                        + " (run prints its events itself). For a broker that stays: ./sparsight kafka, and"
                        + " kafka.bootstrapServers in the configuration.");
                return 2;
            }
            servers = servers != null ? servers : settings.kafka().bootstrapServers();
            properties = settings.kafka().properties();
            topics = settings.kafka().topics();
        }
        if (servers == null) {
            System.err.println("Say where the broker is: --bootstrap HOST:PORT, or --config FILE.");
            return 2;
        }
        Set<String> wantedTypes = new LinkedHashSet<>();
        Set<String> topicNames = new LinkedHashSet<>();
        if (types == null) {
            topicNames.addAll(topics.allTopics());
        } else {
            for (String type : types) {
                String full = type.startsWith("io.sparsight.") ? type : "io.sparsight." + type.toLowerCase(Locale.ROOT);
                try {
                    topicNames.add(topics.topicFor(full));
                } catch (IllegalArgumentException e) {
                    System.err.println("--type " + type + ": " + e.getMessage());
                    return 2;
                }
                wantedTypes.add(full);
            }
        }
        return tail(KafkaClientProperties.of(servers, properties), topicNames, wantedTypes);
    }

    private int tail(Properties client, Set<String> topicNames, Set<String> wantedTypes) {
        String servers = client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String format = EventTable.format(CAMERA_WIDTH);
        if (!json) {
            System.out.println("Events in " + String.join(", ", topicNames) + " at " + servers
                    + " (isolation.level=read_committed)" + (fromBeginning ? ", from the beginning" : ", new ones") + ":");
            EventTable.printHeader(format, System.out);
        }
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(client))) {
            List<TopicPartition> partitions = new ArrayList<>();
            Duration metadataWait = Duration.ofSeconds(timeoutSeconds == null ? 15 : Math.min(15, timeoutSeconds));
            for (String topic : topicNames) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(topic, metadataWait);
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    System.err.println("No Kafka broker answered at " + servers + " within " + metadataWait.toSeconds()
                            + " s. Is it running (./sparsight kafka starts one on 127.0.0.1:9092)?");
                    return 1;
                } catch (org.apache.kafka.common.errors.AuthenticationException e) {
                    System.err.println("Kafka at " + servers + " refused the credentials of kafka.properties: "
                            + e.getMessage());
                    return 1;
                }
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (System.nanoTime() < deadline && (max == null || printed < max)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    EventRecord event = CloudEventJson.fromBytes(record.value());
                    if (!wantedTypes.isEmpty() && !wantedTypes.contains(event.type)) {
                        continue;
                    }
                    if (json) {
                        System.out.println(new String(record.value(), StandardCharsets.UTF_8));
                    } else {
                        EventTable.printRow(event, format, System.out);
                    }
                    System.out.flush();
                    printed++;
                    if (max != null && printed >= max) {
                        break;
                    }
                }
            }
        }
        return 0;
    }

    private static Properties consumerProperties(Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
