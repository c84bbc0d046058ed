package io.sparsight.operators.events;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EventSerializationSchemaTest {

    private final EventSerializationSchema schema = new EventSerializationSchema(EventTopics.defaults(), "job-1");

    @Test
    void anEventAFrameClosedCarriesThatFramesArrival() {
        EventRecord event = new EventRecord("id-1", EventTypes.ANOMALY, "cam0", 1_000L, "{\"score\": 0.9}");
        event.arrivalMs = 1_764_000_000_123L;
        ProducerRecord<byte[], byte[]> record = schema.serialize(event, null, null);

        assertThat(record.topic()).isEqualTo(EventTopics.defaults().topicFor(EventTypes.ANOMALY));
        assertThat(record.timestamp()).isEqualTo(1_000L);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("cam0");
        Header arrival = record.headers().lastHeader(EventSerializationSchema.ARRIVAL_HEADER);
        assertThat(new String(arrival.value(), StandardCharsets.US_ASCII)).isEqualTo("1764000000123");
        assertThat(CloudEventJson.fromBytes(record.value()).id).isEqualTo("id-1");
    }

    @Test
    void anEventNoFrameClosedHasNoArrivalHeader() {
        EventRecord event = new EventRecord("id-2", EventTypes.REJECTED, "control", 2_000L, "{\"reason\": \"x\"}");
        ProducerRecord<byte[], byte[]> record = schema.serialize(event, null, null);
        assertThat(record.headers().lastHeader(EventSerializationSchema.ARRIVAL_HEADER)).isNull();
        assertThat(record.headers().lastHeader("content-type")).isNotNull();
    }
}
