package io.sparsight.operators.grounding;

import java.util.Objects;

/**
 * A valid control message: add a standing query (for one camera, or all when {@code camera} is null) or remove one.
 * A Flink POJO; {@link QueryMessages} parses and writes its JSON.
 */
public class QueryCommand {

    public static final String ADD = "add";
    public static final String REMOVE = "remove";
    /** {@link #origin} of a command a job sent from its configuration's {@code grounding.queries}. */
    public static final String FROM_CONFIGURATION = "configuration";
    /** {@link #origin} of a command sent with {@code sparsight query}. */
    public static final String FROM_CLI = "cli";

    /** {@value #ADD} or {@value #REMOVE}. */
    public String action;
    public String id;
    /** The camera the query is for; null: every camera. */
    public String camera;
    /** The sentence (add only). */
    public String text;
    /** Presence probability a detection needs (add only). */
    public double threshold;
    /**
     * Who sent it: {@value #FROM_CONFIGURATION} or {@value #FROM_CLI}; null when the message did not say (counted as
     * sent by hand). A job's start re-sends its configuration's queries only where the configuration had the last
     * word ({@code ConfigurationQueries}).
     */
    public String origin;

    public QueryCommand() {}

    public static QueryCommand add(String id, String camera, String text, double threshold) {
        QueryCommand c = new QueryCommand();
        c.action = ADD;
        c.id = id;
        c.camera = camera;
        c.text = text;
        c.threshold = threshold;
        return c;
    }

    public static QueryCommand remove(String id) {
        QueryCommand c = new QueryCommand();
        c.action = REMOVE;
        c.id = id;
        return c;
    }

    /** This command, marked as sent by {@code origin}. */
    public QueryCommand from(String origin) {
        QueryCommand c = isAdd() ? add(id, camera, text, threshold) : remove(id);
        c.origin = origin;
        return c;
    }

    /** Whether it was sent from a job's configuration. */
    public boolean fromConfiguration() {
        return FROM_CONFIGURATION.equals(origin);
    }

    /** Whether an add asks for the same query as another add (id, camera, text and threshold). */
    public boolean sameQueryAs(QueryCommand other) {
        return isAdd() && other.isAdd() && id.equals(other.id) && Objects.equals(camera, other.camera)
                && text.equals(other.text) && threshold == other.threshold;
    }

    public boolean isAdd() {
        return ADD.equals(action);
    }

    /** Whether a query of this command applies to {@code cameraId}. */
    public boolean appliesTo(String cameraId) {
        return camera == null || camera.equals(cameraId);
    }

    @Override
    public String toString() {
        return isAdd() ? "add " + id + " '" + text + "' camera " + (camera == null ? "*" : camera) + " threshold "
                + threshold : "remove " + id;
    }
}
