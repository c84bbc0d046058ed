package io.sparsight.operators.grounding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standing queries in force, as the control topic has changed them, and the caps on how many there may be: at
 * most {@code maxPerCamera} apply to any one camera (a query for every camera counts for each) and at most
 * {@code maxTotal} in the job. Flink-free; {@link QueryControlParser} keeps one in operator state.
 */
public final class QueryBook {

    private final int maxPerCamera;
    private final int maxTotal;
    private final Map<String, StandingQuery> queries = new LinkedHashMap<>();

    public QueryBook(int maxPerCamera, int maxTotal) {
        if (maxPerCamera < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("query caps must be at least 1, got " + maxPerCamera + " per camera and "
                    + maxTotal + " per job");
        }
        this.maxPerCamera = maxPerCamera;
        this.maxTotal = maxTotal;
    }

    /**
     * Applies a command when it is allowed: an add within the caps (an add of an id in force replaces it), a remove
     * of an id in force.
     *
     * @return empty when applied, else why it was refused (the book is unchanged)
     */
    public Optional<String> apply(QueryCommand command) {
        if (!command.isAdd()) {
            if (queries.remove(command.id) == null) {
                return Optional.of("remove " + command.id + ": no standing query has that id (in force: "
                        + idsShown() + ")");
            }
            return Optional.empty();
        }
        StandingQuery replaced = queries.remove(command.id);
        Optional<String> refusal = capRefusal(command);
        if (refusal.isPresent()) {
            if (replaced != null) {
                queries.put(command.id, replaced);
            }
            return refusal;
        }
        queries.put(command.id, StandingQuery.of(command));
        return Optional.empty();
    }

    private Optional<String> capRefusal(QueryCommand add) {
        if (queries.size() >= maxTotal) {
            return Optional.of("add " + add.id + ": the job already has " + queries.size()
                    + " standing queries, the most grounding.maxQueries allows; remove one first");
        }
        Map<String, Integer> perCamera = countsByCamera();
        int forEveryCamera = perCamera.getOrDefault(null, 0);
        String fullest = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : perCamera.entrySet()) {
            boolean counts = e.getKey() != null && (add.camera == null || add.camera.equals(e.getKey()));
            if (counts && e.getValue() > most) {
                fullest = e.getKey();
                most = e.getValue();
            }
        }
        if (forEveryCamera + most >= maxPerCamera) {
            String camera = fullest != null ? "camera " + fullest : add.camera != null ? "camera " + add.camera
                    : "every camera";
            return Optional.of("add " + add.id + ": " + camera + " already has " + (forEveryCamera + most)
                    + " standing queries, the most grounding.maxQueriesPerCamera allows (a query for every camera"
                    + " counts for each); remove one first");
        }
        return Optional.empty();
    }

    /** Queries for one camera by camera id; those for every camera under the null key. */
    private Map<String, Integer> countsByCamera() {
        Map<String, Integer> counts = new HashMap<>();
        for (StandingQuery q : queries.values()) {
            counts.merge(q.camera, 1, Integer::sum);
        }
        return counts;
    }

    private String idsShown() {
        List<String> ids = new ArrayList<>(queries.keySet());
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    /** The queries in force, in the order they were added. */
    public Collection<StandingQuery> inForce() {
        return List.copyOf(queries.values());
    }

    /** Puts back queries as a checkpoint held them (no caps checked: they were in force). */
    public void restore(Iterable<StandingQuery> restored) {
        queries.clear();
        restored.forEach(q -> queries.put(q.id, q));
    }
}
