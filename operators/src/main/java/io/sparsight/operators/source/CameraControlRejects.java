package io.sparsight.operators.source;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventSerializationSchema;
import io.sparsight.operators.events.RejectedEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * The dead letters of refused camera control messages: {@code io.sparsight.rejected} events on the job's rejected
 * topic, like those of refused query messages, written by the enumerator with a plain producer. At least once: a
 * replay of the topic after a restore may send one again, with the same id (derived from the message's offset).
 */
final class CameraControlRejects implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraControlRejects.class);

    private final CameraControl control;
    private final EventSerializationSchema serialization;
    private KafkaProducer<byte[], byte[]> producer;

    CameraControlRejects(CameraControl control) {
        this.control = control;
        this.serialization = new EventSerializationSchema(control.topics(), control.job());
    }

    /** Logs the refusal and sends its dead letter (without waiting). */
    void reject(CameraControlReader.Message message, String reason) {
        LOG.warn("Camera control message at {} offset {} refused: {}", control.topic(), message.offset(), reason);
        EventRecord event = RejectedEvents.of(control.topic(), 0, message.offset(), message.timestampMs(),
                message.text(), reason);
        try {
            producer().send(serialization.serialize(event, null, null), (metadata, e) -> {
                if (e != null) {
                    LOG.warn("Cannot write the dead letter of camera control offset {}: {}", message.offset(),
                            e.getMessage());
                }
            });
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("Cannot write the dead letter of camera control offset {}: {}", message.offset(), e.getMessage());
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.putAll(control.kafkaClient());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
