package io.sparsight.pipelines.local;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.secrets.KafkaClientProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads every committed event of some topics from the beginning up to their current end, as a consumer with
 * {@code isolation.level=read_committed} sees them: events of aborted transactions never show up.
 */
public final class CommittedEventReader {

    private CommittedEventReader() {}

    public static List<EventRecord> readAll(String bootstrapServers, Collection<String> topics, Duration timeout) {
        return readAll(KafkaClientProperties.of(bootstrapServers, Map.of()), topics, timeout);
    }

    /** As {@link #readAll(String, Collection, Duration)}, with Kafka client properties (bootstrap servers included). */
    public static List<EventRecord> readAll(Properties client, Collection<String> topics, Duration timeout) {
        List<EventRecord> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readRecords(client, topics, "read_committed", timeout)) {
            events.add(CloudEventJson.fromBytes(record.value()));
        }
        return events;
    }

    /** The raw records up to the end offsets at call time, with the given isolation level. */
    public static List<ConsumerRecord<byte[], byte[]>> readRecords(
            String bootstrapServers, Collection<String> topics, String isolationLevel, Duration timeout) {
        return readRecords(KafkaClientProperties.of(bootstrapServers, Map.of()), topics, isolationLevel, timeout);
    }

    public static List<ConsumerRecord<byte[], byte[]>> readRecords(
            Properties client, Collection<String> topics, String isolationLevel, Duration timeout) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out after " + timeout + " reading " + topics
                            + " up to offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
