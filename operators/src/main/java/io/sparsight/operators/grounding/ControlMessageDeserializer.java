package io.sparsight.operators.grounding;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Control-topic records as {@link ControlMessage}s; never fails (a bad value is judged downstream). */
public final class ControlMessageDeserializer implements KafkaRecordDeserializationSchema<ControlMessage> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlMessage> out) {
        String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new ControlMessage(record.topic(), record.partition(), record.offset(), record.timestamp(), text));
    }

    @Override
    public TypeInformation<ControlMessage> getProducedType() {
        return TypeInformation.of(ControlMessage.class);
    }
}
