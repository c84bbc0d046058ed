package io.sparsight.operators.source;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads the camera control topic for the enumerator, on the enumerator's worker thread ({@link #poll}); the topic
 * (one partition, so changes keep their order) is created when it does not exist. Offsets are the enumerator's, kept
 * in its checkpoints; nothing is committed to Kafka.
 */
final class CameraControlReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraControlReader.class);
    /** A camera message is a few hundred bytes; anything much larger is refused unread. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final Duration POLL_WAIT = Duration.ofMillis(200);

    /** One message as read: its offset, time and text, or why it cannot be read. */
    record Message(long offset, long timestampMs, String text, String unreadable) {}

    private final CameraControl control;
    private final TopicPartition partition;
    private final long fromOffset;
    private KafkaConsumer<byte[], byte[]> consumer;
    private boolean closed;

    CameraControlReader(CameraControl control, long fromOffset) {
        this.control = control;
        this.partition = new TopicPartition(control.topic(), 0);
        this.fromOffset = fromOffset;
    }

    /** The messages that arrived since the last poll (waits a moment when there are none). */
    synchronized List<Message> poll() {
        if (closed) {
            return List.of();
        }
        if (consumer == null) {
            createTopicIfMissing();
            consumer = new KafkaConsumer<>(consumerProperties());
            consumer.assign(List.of(partition));
            consumer.seek(partition, fromOffset);
        }
        List<Message> messages = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL_WAIT)) {
            messages.add(read(r));
        }
        return messages;
    }

    private static Message read(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return new Message(r.offset(), r.timestamp(), null, "an empty message");
        }
        if (r.value().length > MAX_MESSAGE_BYTES) {
            return new Message(r.offset(), r.timestamp(),
                    new String(r.value(), 0, 200, StandardCharsets.UTF_8) + "...",
                    "a message of " + r.value().length + " bytes (at most " + MAX_MESSAGE_BYTES + ")");
        }
        return new Message(r.offset(), r.timestamp(), new String(r.value(), StandardCharsets.UTF_8), null);
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(control.kafkaClient());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 * MAX_MESSAGE_BYTES));
        return props;
    }

    private void createTopicIfMissing() {
        Properties props = new Properties();
        props.putAll(control.kafkaClient());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(control.topic(), Optional.of(1), Optional.empty())))
                    .all().get(15, TimeUnit.SECONDS);
            LOG.info("Created the camera control topic {}", control.topic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Cannot create the camera control topic {} ({}); reading it anyway", control.topic(),
                        e.getCause().getMessage());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("Kafka did not answer in 15 s when creating the camera control topic {}; reading it anyway",
                    control.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
