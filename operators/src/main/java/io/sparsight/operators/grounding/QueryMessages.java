package io.sparsight.operators.grounding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.events.RejectedEvents;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON of control messages on the query topic (schema in docs/events.md):
 * <pre>
 * {"action": "add", "id": "cyclists", "text": "a cyclist rides along the walkway", "camera": "gate-1", "threshold": 0.6}
 * {"action": "remove", "id": "cyclists"}
 * </pre>
 * {@code camera} is optional (absent or {@code "*"}: every camera), as is {@code threshold} (the stage's default),
 * and {@code origin} ({@code "configuration"} or {@code "cli"}: who sent it; see {@link QueryCommand#origin}).
 */
public final class QueryMessages {

    /** Longest sentence accepted, in characters. */
    public static final int MAX_TEXT = 300;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> ADD_FIELDS = Set.of("action", "id", "text", "camera", "threshold", "origin");
    private static final Set<String> REMOVE_FIELDS = Set.of("action", "id", "origin");
    private static final Set<String> ORIGINS = Set.of(QueryCommand.FROM_CONFIGURATION, QueryCommand.FROM_CLI);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most of a refused value a reason quotes. */
    private static final int SHOWN = 80;

    private QueryMessages() {}

    /**
     * Parses a control message.
     *
     * @throws IllegalArgumentException saying what is wrong and what a valid message looks like
     */
    public static QueryCommand parse(String text, double defaultThreshold) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty message; expected JSON such as " + example());
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON (" + firstLine(e.getMessage()) + "); expected " + example());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object such as " + example());
        }
        String action = string(root, "action");
        if (!QueryCommand.ADD.equals(action) && !QueryCommand.REMOVE.equals(action)) {
            throw new IllegalArgumentException("'action' must be \"add\" or \"remove\", got " + shown(root.get("action")));
        }
        checkFields(root, QueryCommand.ADD.equals(action) ? ADD_FIELDS : REMOVE_FIELDS, action);
        String id = checkedId(string(root, "id"), shown(root.get("id")));
        String origin = string(root, "origin");
        if (root.has("origin") && (origin == null || !ORIGINS.contains(origin))) {
            throw new IllegalArgumentException("'origin' must be \"configuration\" or \"cli\", got "
                    + shown(root.get("origin")));
        }
        if (QueryCommand.REMOVE.equals(action)) {
            return QueryCommand.remove(id).from(origin);
        }
        if (root.has("camera") && string(root, "camera") == null) {
            throw new IllegalArgumentException("'camera' must be a camera id or \"*\", got " + shown(root.get("camera")));
        }
        double threshold = defaultThreshold;
        if (root.has("threshold")) {
            JsonNode t = root.get("threshold");
            if (!t.isNumber()) {
                throw new IllegalArgumentException("'threshold' must be a number between 0 and 1, got " + shown(t));
            }
            threshold = t.asDouble();
        }
        return checkedAdd(id, string(root, "camera"), string(root, "text"), threshold).from(origin);
    }

    /**
     * An add command, checked as a control message carrying it would be ({@code sparsight query add}, the
     * configuration's {@code grounding.queries}).
     *
     * @param camera a camera id, or null or {@code "*"} for every camera
     * @throws IllegalArgumentException saying what is wrong
     */
    public static QueryCommand checkedAdd(String id, String camera, String text, double threshold) {
        checkedId(id, quoted(id));
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("'text' must be a sentence of 1-" + MAX_TEXT + " characters, got "
                    + quoted(text));
        }
        if (camera != null && camera.isBlank()) {
            throw new IllegalArgumentException("'camera' must be a camera id or \"*\", got " + quoted(camera));
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("'threshold' must be a number between 0 and 1, got " + threshold);
        }
        return QueryCommand.add(id, "*".equals(camera) ? null : camera, text.strip(), threshold);
    }

    /** A remove command, checked as a control message carrying it would be. */
    public static QueryCommand checkedRemove(String id) {
        return QueryCommand.remove(checkedId(id, quoted(id)));
    }

    /** A value as the messages show it: in JSON quotes, or null; a long one cut, with its length. */
    private static String quoted(String value) {
        return value == null ? "null" : shown(JSON.getNodeFactory().textNode(value));
    }

    /** A JSON value as the messages show it: at most {@link #SHOWN} characters, with its length when cut. */
    private static String shown(JsonNode value) {
        String text = String.valueOf(value);
        return text.length() <= SHOWN ? text
                : RejectedEvents.cut(text, SHOWN) + " (" + text.length() + " characters)";
    }

    private static String checkedId(String id, Object asGiven) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'id' must be 1-64 characters of letters, digits and . _ : -, got "
                    + asGiven);
        }
        return id;
    }

    /** The JSON of a command, as {@code sparsight query} sends it. */
    public static String write(QueryCommand command) {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", command.action);
        node.put("id", command.id);
        if (command.isAdd()) {
            node.put("text", command.text);
            node.put("camera", command.camera == null ? "*" : command.camera);
            node.put("threshold", command.threshold);
        }
        if (command.origin != null) {
            node.put("origin", command.origin);
        }
        return node.toString();
    }

    private static void checkFields(JsonNode root, Set<String> allowed, String action) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' in an " + action + " message; allowed: "
                        + allowed);
            }
        }
    }

    private static String string(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String example() {
        return "{\"action\": \"add\", \"id\": \"q1\", \"text\": \"a red car stops\", \"camera\": \"*\", \"threshold\": 0.5}"
                + " or {\"action\": \"remove\", \"id\": \"q1\"}";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
