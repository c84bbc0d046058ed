package io.sparsight.operators.events;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Writes an event as CloudEvents JSON to its type's topic, keyed by camera id, stamped with the event time. */
public final class EventSerializationSchema implements KafkaRecordSerializationSchema<EventRecord> {

    private static final long serialVersionUID = 1L;

    private final EventTopics topics;

    public EventSerializationSchema(EventTopics topics) {
        this.topics = topics;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventRecord event, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topics.topicFor(event.type),
                null,
                event.timeMs,
                event.camera.getBytes(StandardCharsets.UTF_8),
                CloudEventJson.toBytes(event));
    }
}
