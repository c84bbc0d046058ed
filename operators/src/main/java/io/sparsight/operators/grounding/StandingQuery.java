package io.sparsight.operators.grounding;

/** A query in force, as kept in broadcast state. A Flink POJO. */
public class StandingQuery {

    public String id;
    /** null: every camera. */
    public String camera;
    public String text;
    public double threshold;

    public StandingQuery() {}

    static StandingQuery of(QueryCommand add) {
        StandingQuery q = new StandingQuery();
        q.id = add.id;
        q.camera = add.camera;
        q.text = add.text;
        q.threshold = add.threshold;
        return q;
    }

    public boolean appliesTo(String cameraId) {
        return camera == null || camera.equals(cameraId);
    }
}
