package io.sparsight.pipelines.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.config.CameraControlMessages;
import io.sparsight.pipelines.local.CameraTopic;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code /api/cameras}: the cameras in force (GET: the configured ones with every change on the job's camera
 * control topic applied), add or change one (POST, a camera entry's keys as JSON) and remove one
 * ({@code DELETE /api/cameras/<id>}), through the topic, as {@code ./sparsight cameras} does. It needs the job's
 * configuration (its cameras and topic); changes need the view's token when one is set.
 */
final class CamerasEndpoint {

    /** The job whose cameras the view changes: its configured cameras and its camera control topic. */
    record Job(List<CameraSpec> configured, String topic) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The keys a camera added from the page may have (the rest of a camera's keys: its configuration). */
    private static final Set<String> PAGE_KEYS = Set.of("id", "url", "sampling", "size", "channels");

    private final Job job;
    private final Properties kafka;
    private final String servers;
    private final Predicate<HttpExchange> authorised;

    CamerasEndpoint(Job job, Properties kafka, String servers, Predicate<HttpExchange> authorised) {
        this.job = job;
        this.kafka = kafka;
        this.servers = servers;
        this.authorised = authorised;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (job == null) {
            UiServer.sendError(exchange, 404, "cameras can be listed and changed here when the view is started with"
                    + " --config (the job's configuration names its cameras and its camera control topic)");
            return;
        }
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET")) {
                UiServer.sendJson(exchange, 200, inForce());
                return;
            }
            if (!authorised.test(exchange)) {
                UiServer.sendError(exchange, 401, "this view needs its token to change cameras (the token field,"
                        + " top right)");
                return;
            }
            if (method.equals("POST")) {
                JsonNode body = MAPPER.readTree(UiServer.readBody(exchange, 16_384));
                if (body == null || !body.isObject()) {
                    throw new IllegalArgumentException("send a camera as a JSON object: {\"id\": ..., \"url\": ...}");
                }
                ObjectNode entry = CameraControlMessages.cameraEntry();
                for (String key : PAGE_KEYS) {
                    JsonNode value = body.get(key);
                    if (value != null && !value.isNull() && !value.asText().isBlank()) {
                        entry.set(key, value);
                    }
                }
                String message = CameraControlMessages.add(entry);
                CameraSpec camera = CameraControlMessages.check(message);
                CameraTopic.send(kafka, job.topic(), List.of(message));
                UiServer.sendJson(exchange, 200, MAPPER.createObjectNode().put("added", camera.id()));
                return;
            }
            if (method.equals("DELETE")) {
                String path = exchange.getRequestURI().getPath();
                String id = path.substring(path.lastIndexOf('/') + 1);
                if (id.isBlank() || id.equals("cameras")) {
                    throw new IllegalArgumentException("say which camera: DELETE /api/cameras/<id>");
                }
                CameraTopic.send(kafka, job.topic(), List.of(CameraControlMessages.remove(id)));
                UiServer.sendJson(exchange, 200, MAPPER.createObjectNode().put("removed", id));
                return;
            }
            UiServer.sendError(exchange, 405, method + " is not allowed here");
        } catch (IllegalArgumentException e) {
            UiServer.sendError(exchange, 400, "Not a valid camera: " + e.getMessage());
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            UiServer.sendError(exchange, 502, "Kafka at " + servers + " did not answer for topic " + job.topic()
                    + ": " + e.getMessage());
        }
    }

    private ArrayNode inForce() {
        Map<String, CameraSpec> cameras = CameraTopic.inForce(kafka, job.topic(), job.configured(),
                Duration.ofSeconds(10));
        Map<String, CameraSpec> configured = new LinkedHashMap<>();
        job.configured().forEach(c -> configured.put(c.id(), c));
        ArrayNode list = MAPPER.createArrayNode();
        for (CameraSpec c : cameras.values()) {
            ObjectNode node = list.addObject();
            node.put("id", c.id());
            node.put("origin", !configured.containsKey(c.id()) ? "added"
                    : configured.get(c.id()).equals(c) ? "configured" : "changed");
            node.put("url", c.displayUrl());
            node.put("sampling", String.valueOf(c.sampling()));
            node.put("size", c.width() + "x" + c.height());
        }
        for (String id : configured.keySet()) {
            if (!cameras.containsKey(id)) {
                list.addObject().put("id", id).put("origin", "removed");
            }
        }
        return list;
    }
}
