package io.sparsight.pipelines.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event contract of docs/events.md, checked on records read from Kafka: the CloudEvents Kafka binding in
 * structured mode ({@code content-type} header), read back with the CloudEvents SDK's Kafka deserializer, the
 * envelope valid against docs/schemas/cloudevent.v1.json and the data against the schema its {@code dataschema}
 * names (networknt's JSON Schema validator, draft 2020-12, formats asserted).
 */
public final class EventContract {

    public static final Path SCHEMAS = Path.of("..", "docs", "schemas").toAbsolutePath().normalize();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMA_CACHE = new ConcurrentHashMap<>();

    private EventContract() {}

    /** Every record is a valid Sparsight event; returns how many were checked. */
    public static int assertValid(Collection<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertValid(record);
        }
        return records.size();
    }

    public static void assertValid(ConsumerRecord<byte[], byte[]> record) {
        Header contentType = record.headers().lastHeader("content-type");
        assertThat(contentType).as("content-type header of " + record.topic() + "@" + record.offset()).isNotNull();
        assertThat(new String(contentType.value(), StandardCharsets.UTF_8)).startsWith("application/cloudevents+json");

        CloudEvent event;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            event = deserializer.deserialize(record.topic(), record.headers(), record.value());
        }
        assertThat(event.getId()).isNotBlank();
        assertThat(record.key()).as("Kafka key: the event's subject (camera id)")
                .isEqualTo(event.getSubject().getBytes(StandardCharsets.UTF_8));

        JsonNode envelope = json(record.value());
        assertConforms(envelope, "cloudevent.v1.json");
        String type = event.getType();
        assertThat(String.valueOf(event.getDataSchema())).isEqualTo("urn:sparsight:schema:" + type + ":v1");
        assertConforms(envelope.path("data"), type + ".v1.json");
        assertThat(json(event.getData().toBytes())).isEqualTo(envelope.path("data"));
    }

    /** A control message as written by Sparsight conforms to the control topic's schema. */
    public static void assertValidControl(String message) {
        assertConforms(json(message.getBytes(StandardCharsets.UTF_8)), "io.sparsight.control.query.v1.json");
    }

    /** A camera control message as written by Sparsight conforms to the camera control topic's schema. */
    public static void assertValidCameraControl(String message) {
        assertConforms(json(message.getBytes(StandardCharsets.UTF_8)), "io.sparsight.control.camera.v1.json");
    }

    /** The validation messages of a JSON value against a schema file of docs/schemas (empty when it conforms). */
    public static Set<ValidationMessage> problems(JsonNode value, String schemaFile) {
        return schema(schemaFile).validate(value);
    }

    private static void assertConforms(JsonNode value, String schemaFile) {
        assertThat(problems(value, schemaFile)).as(schemaFile + " on " + value).isEmpty();
    }

    private static JsonSchema schema(String file) {
        return SCHEMA_CACHE.computeIfAbsent(file, f -> {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            try (InputStream in = Files.newInputStream(SCHEMAS.resolve(f))) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (IOException e) {
                throw new UncheckedIOException("no schema " + f + " in " + SCHEMAS, e);
            }
        });
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }
}
