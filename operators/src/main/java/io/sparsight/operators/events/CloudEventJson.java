package io.sparsight.operators.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The wire format of every event: a CloudEvents 1.0 event in JSON (structured mode, the CloudEvents SDK's Jackson
 * format): {@code specversion}, {@code id}, {@code source} ({@code /sparsight/<job>/<camera>}, unique per
 * deployment), {@code type}, {@code subject} (the camera id; the topic for dead letters), {@code time} (ISO-8601,
 * UTC), {@code datacontenttype} ({@code application/json}), {@code dataschema} (the schema of the type's data,
 * docs/schemas) and {@code data}. On Kafka it travels with the {@code content-type:
 * application/cloudevents+json} header (EventSerializationSchema).
 */
public final class CloudEventJson {

    public static final String SPEC_VERSION = "1.0";
    /** The job name in {@code source} when none is given. */
    public static final String DEFAULT_JOB = "sparsight";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private CloudEventJson() {}

    /** The CloudEvent of an event of the job {@code job}. */
    public static CloudEvent toCloudEvent(EventRecord event, String job) {
        return CloudEventBuilder.v1()
                .withId(event.id)
                .withSource(source(job, event.camera))
                .withType(event.type)
                .withSubject(event.camera)
                .withTime(Instant.ofEpochMilli(event.timeMs).atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withDataSchema(EventTypes.schemaOf(event.type))
                .withData(event.dataJson.getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** {@code /sparsight/<job>/<camera>}, each part percent-encoded. */
    public static URI source(String job, String camera) {
        return URI.create("/sparsight/" + encode(job) + "/" + encode(camera));
    }

    public static byte[] toBytes(EventRecord event, String job) {
        return FORMAT.serialize(toCloudEvent(event, job));
    }

    public static byte[] toBytes(EventRecord event) {
        return toBytes(event, DEFAULT_JOB);
    }

    /** The event of a CloudEvent that Sparsight wrote. */
    public static EventRecord fromCloudEvent(CloudEvent event) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("CloudEvent " + event.getId() + " has no data");
        }
        return new EventRecord(event.getId(), event.getType(), event.getSubject(),
                event.getTime() == null ? 0 : event.getTime().toInstant().toEpochMilli(),
                new String(event.getData().toBytes(), StandardCharsets.UTF_8));
    }

    /** Reads an event back, e.g. in a consumer. */
    public static EventRecord fromBytes(byte[] json) {
        try {
            return fromCloudEvent(FORMAT.deserialize(json));
        } catch (EventDeserializationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a CloudEvents JSON event: " + e.getMessage(), e);
        }
    }

    /** The JSON text of an event's data: a payload record or a JSON tree. */
    public static String write(Object data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
