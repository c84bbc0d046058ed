package io.sparsight.operators.grounding;

/**
 * A valid control message: add a standing query (for one camera, or all when {@code camera} is null) or remove one.
 * A Flink POJO; {@link QueryMessages} parses and writes its JSON.
 */
public class QueryCommand {

    public static final String ADD = "add";
    public static final String REMOVE = "remove";

    /** {@value #ADD} or {@value #REMOVE}. */
    public String action;
    public String id;
    /** The camera the query is for; null: every camera. */
    public String camera;
    /** The sentence (add only). */
    public String text;
    /** Presence probability a detection needs (add only). */
    public double threshold;

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
