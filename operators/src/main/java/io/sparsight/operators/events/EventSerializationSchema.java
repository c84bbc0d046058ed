package io.sparsight.operators.events;

import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an event to its type's topic, keyed by camera id, stamped with the event time, through the CloudEvents
 * Kafka binding in structured mode: the value is the CloudEvents JSON, the {@code content-type} header
 * {@code application/cloudevents+json}. {@code source} names the job ({@link CloudEventJson#source}). An event that a
 * frame closed also carries that frame's wall-clock arrival in the {@value #ARRIVAL_HEADER} header (epoch
 * milliseconds as decimal text), so a consumer can measure the delay from frame to commit.
 */
public final class EventSerializationSchema implements KafkaRecordSerializationSchema<EventRecord> {

    private static final long serialVersionUID = 2L;
    /** The header with the arrival of the frame that closed the event ({@link EventRecord#arrivalMs}). */
    public static final String ARRIVAL_HEADER = "sparsight-arrival-ms";

    private final EventTopics topics;
    private final String job;
    private transient CloudEventSerializer serializer;

    public EventSerializationSchema(EventTopics topics, String job) {
        this.topics = topics;
        this.job = job;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventRecord event, KafkaSinkContext context, Long timestamp) {
        if (serializer == null) {
            serializer = new CloudEventSerializer();
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
                    CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE), false);
        }
        String topic = topics.topicFor(event.type);
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(topic, headers, CloudEventJson.toCloudEvent(event, job));
        if (event.arrivalMs > 0) {
            headers.add(ARRIVAL_HEADER, Long.toString(event.arrivalMs).getBytes(StandardCharsets.US_ASCII));
        }
        return new ProducerRecord<>(topic, null, event.timeMs, event.camera.getBytes(StandardCharsets.UTF_8), value,
                headers);
    }
}
