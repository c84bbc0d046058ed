package io.sparsight.operators.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The wire format of every event: a CloudEvents 1.0 JSON object (structured mode) with {@code specversion},
 * {@code id}, {@code source} (the camera id), {@code type}, {@code time} (ISO-8601, UTC),
 * {@code datacontenttype} and {@code data}.
 */
public final class CloudEventJson {

    public static final String SPEC_VERSION = "1.0";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CloudEventJson() {}

    public static byte[] toBytes(EventRecord event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("specversion", SPEC_VERSION);
        node.put("id", event.id);
        node.put("source", event.camera);
        node.put("type", event.type);
        node.put("time", Instant.ofEpochMilli(event.timeMs).toString());
        node.put("datacontenttype", "application/json");
        try {
            node.set("data", MAPPER.readTree(event.dataJson));
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id + " has data that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads an event back, e.g. in a consumer. */
    public static EventRecord fromBytes(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return new EventRecord(
                    node.path("id").asText(),
                    node.path("type").asText(),
                    node.path("source").asText(),
                    Instant.parse(node.path("time").asText()).toEpochMilli(),
                    MAPPER.writeValueAsString(node.path("data")));
        } catch (IOException e) {
            throw new UncheckedIOException("not a CloudEvents JSON event: " + e.getMessage(), e);
        }
    }

    /** Builds the data object of an event. */
    public static ObjectNode newData() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode data) {
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
}
