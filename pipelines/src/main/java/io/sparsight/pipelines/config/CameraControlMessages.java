package io.sparsight.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.source.CameraChange;
import io.sparsight.operators.source.CameraChangeParser;
import io.sparsight.operators.source.CameraSpec;

import java.util.Iterator;
import java.util.Set;

/**
 * The messages of a job's camera control topic (docs/schemas/io.sparsight.control.camera.v1.json):
 * {@code {"action":"add","camera":{...}}} with the keys of an item of the configuration's {@code cameras:} list, checked
 * by {@link ConfigLoader#parseCamera}, and {@code {"action":"remove","id":"..."}}.
 */
public final class CameraControlMessages implements CameraChangeParser {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = "camera control message";

    @Override
    public CameraChange parse(String message) {
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a camera control message is a JSON object with an \"action\"");
        }
        String op = root.path("action").asText("");
        switch (op) {
            case "add" -> {
                onlyKeys(root, Set.of("action", "camera"));
                JsonNode camera = root.get("camera");
                if (camera == null || !camera.isObject()) {
                    throw new IllegalArgumentException("\"add\" needs \"camera\": an object with the keys of a camera of"
                            + " the configuration (id, url, sampling, size, ...)");
                }
                try {
                    return CameraChange.add(ConfigLoader.parseCamera(SOURCE, camera.toString()));
                } catch (ConfigException e) {
                    throw new IllegalArgumentException(String.join("; ", e.problems()));
                }
            }
            case "remove" -> {
                onlyKeys(root, Set.of("action", "id"));
                String id = root.path("id").asText("").trim();
                if (id.isEmpty()) {
                    throw new IllegalArgumentException("\"remove\" needs \"id\": the camera's id");
                }
                return CameraChange.remove(id);
            }
            default -> throw new IllegalArgumentException("\"action\" must be \"add\" or \"remove\", got \"" + op + "\"");
        }
    }

    private static void onlyKeys(JsonNode root, Set<String> allowed) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\"; known keys here: " + allowed);
            }
        }
    }

    /** An add message for a camera entry (the keys of the configuration's cameras, as given). */
    public static String add(ObjectNode camera) {
        ObjectNode message = JSON.createObjectNode();
        message.put("action", "add");
        message.set("camera", camera);
        return message.toString();
    }

    public static String remove(String cameraId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("action", "remove");
        message.put("id", cameraId);
        return message.toString();
    }

    /** A new, empty camera entry to fill for {@link #add(ObjectNode)}. */
    public static ObjectNode cameraEntry() {
        return JSON.createObjectNode();
    }

    /** Checks a message as the job will; the camera it adds, or null for a removal. */
    public static CameraSpec check(String message) {
        return new CameraControlMessages().parse(message).camera();
    }
}
