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

    /** Sends control messages (raw text, as they are), keyed by nothing, and waits until the broker has them. */
    public static void sendRaw(String bootstrapServers, String topic, List<String> messages) {
        sendRaw(KafkaClientProperties.of(bootstrapServers, Map.of()), topic, messages);
    }

    /** As {@link #sendRaw(String, String, List)}, with a job's Kafka client properties (bootstrap servers included). */
    public static void sendRaw(Properties client, String topic, List<String> messages) {
        sendRaw(client, topic, null, messages);
    }

    /** Sends control messages to one partition of a topic (null: the producer picks) and waits until the broker has them. */
    public static void sendRaw(Properties client, String topic, Integer partition, List<String> messages) {
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
            for (String message : messages) {
                producer.send(new ProducerRecord<>(topic, partition, null, message)).get(20, TimeUnit.SECONDS);
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

    public static void send(Properties client, String topic, List<QueryCommand> commands) {
        List<String> messages = new ArrayList<>();
        commands.forEach(c -> messages.add(QueryMessages.write(c)));
        sendRaw(client, topic, messages);
    }

    /** The queries in force: every valid add and remove on the topic replayed in order (invalid messages skipped). */
    public static Map<String, QueryCommand> standing(Properties client, String topic, Duration timeout) {
        Map<String, QueryCommand> queries = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedEventReader.readRecords(client, List.of(topic), "read_committed",
                timeout)) {
            if (r.value() == null) {
                continue;
            }
            try {
                QueryCommand c = QueryMessages.parse(new String(r.value(), StandardCharsets.UTF_8), 0.5);
                if (c.isAdd()) {
                    queries.put(c.id, c);
                } else {
                    queries.remove(c.id);
                }
            } catch (IllegalArgumentException e) {
                // a malformed message: the job sends it to the dead-letter topic; it changes nothing here
            }
        }
        return queries;
    }
}
