package io.sparsight.pipelines.local;

import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.secrets.KafkaClientProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The control topic of standing queries, from outside the job: send adds and removes, and read what is in force. */
public final class QueryTopic {

    private QueryTopic() {}

    /** Sends control messages (raw text, as they are), keyed by nothing (tests of malformed messages), and waits until the broker has them. */
    public static void sendRaw(String bootstrapServers, String topic, List<String> messages) {
        sendRaw(KafkaClientProperties.of(bootstrapServers, Map.of()), topic, messages);
    }

    /** As {@link #sendRaw(String, String, List)}, with a job's Kafka client properties (bootstrap servers included). */
    public static void sendRaw(Properties client, String topic, List<String> messages) {
        sendRaw(client, topic, null, messages);
    }

    /** Sends control messages to one partition of a topic (null: the producer picks) and waits until the broker has them. */
    public static void sendRaw(Properties client, String topic, Integer partition, List<String> messages) {
        List<Map.Entry<String, String>> unkeyed = new ArrayList<>();
        messages.forEach(m -> unkeyed.add(new AbstractMap.SimpleEntry<>(null, m)));
        sendKeyed(client, topic, partition, unkeyed);
    }

    /** Sends (key, message) records in order and waits until the broker has each. */
    private static void sendKeyed(Properties client, String topic, Integer partition,
            List<Map.Entry<String, String>> records) {
        String bootstrapServers = client.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Map.Entry<String, String> record : records) {
                producer.send(new ProducerRecord<>(topic, partition, record.getKey(), record.getValue()))
                        .get(20, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot send to topic " + topic + " at " + bootstrapServers + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        }
    }

    public static void send(String bootstrapServers, String topic, List<QueryCommand> commands) {
        send(KafkaClientProperties.of(bootstrapServers, Map.of()), topic, commands);
    }

    /**
     * Sends commands, each keyed by its query id: every message about one query lands in one partition, so a job
     * reading a topic of several partitions applies them in the order they were sent.
     */
    public static void send(Properties client, String topic, List<QueryCommand> commands) {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        commands.forEach(c -> records.add(new AbstractMap.SimpleEntry<>(c.id, QueryMessages.write(c))));
        sendKeyed(client, topic, null, records);
    }

    /**
     * The queries in force: every valid add and remove on the topic replayed in order (invalid messages skipped; the
     * job's caps are not applied here).
     */
    public static Map<String, QueryCommand> standing(Properties client, String topic, Duration timeout) {
        Map<String, QueryCommand> queries = new LinkedHashMap<>();
        for (QueryCommand c : lastById(client, topic, timeout).values()) {
            if (c.isAdd()) {
                queries.put(c.id, c);
            }
        }
        return queries;
    }

    /** The last valid command about each query id on the topic, adds and removes, in the order of first mention. */
    public static Map<String, QueryCommand> lastById(Properties client, String topic, Duration timeout) {
        Map<String, QueryCommand> last = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedEventReader.readRecords(client, List.of(topic), "read_committed",
                timeout)) {
            if (r.value() == null) {
                continue;
            }
            try {
                QueryCommand c = QueryMessages.parse(new String(r.value(), StandardCharsets.UTF_8), 0.5);
                last.put(c.id, c);
            } catch (IllegalArgumentException e) {
                // a malformed message: the job sends it to the dead-letter topic; it changes nothing here
            }
        }
        return last;
    }
}
