package io.sparsight.operators.grounding;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryBookTest {

    private static QueryCommand add(String id, String camera) {
        return QueryCommand.add(id, camera, "a person walks", 0.5);
    }

    private static List<String> ids(QueryBook book) {
        return book.inForce().stream().map(q -> q.id).toList();
    }

    @Test
    void aCameraTakesAtMostItsCapAndAQueryForEveryCameraCountsForEach() {
        QueryBook book = new QueryBook(3, 100);
        assertThat(book.apply(add("a1", "a"))).isEmpty();
        assertThat(book.apply(add("a2", "a"))).isEmpty();
        assertThat(book.apply(add("all", null))).isEmpty();
        assertThat(book.apply(add("a3", "a"))).get().asString()
                .contains("add a3: camera a already has 3 standing queries")
                .contains("grounding.maxQueriesPerCamera");
        assertThat(book.apply(add("b1", "b"))).as("camera b has the every-camera query only").isEmpty();
        assertThat(book.apply(add("all2", null))).as("camera a is full").get().asString()
                .contains("camera a already has 3");
        assertThat(book.apply(add("a1", "a"))).as("an add of an id in force replaces it").isEmpty();
        assertThat(book.apply(QueryCommand.remove("all"))).isEmpty();
        assertThat(book.apply(add("a3", "a"))).isEmpty();
        assertThat(ids(book)).containsExactly("a2", "b1", "a1", "a3");
    }

    @Test
    void theJobTakesAtMostItsCap() {
        QueryBook book = new QueryBook(2, 3);
        assertThat(book.apply(add("a", "a"))).isEmpty();
        assertThat(book.apply(add("b", "b"))).isEmpty();
        assertThat(book.apply(add("c", "c"))).isEmpty();
        assertThat(book.apply(add("d", "d"))).get().asString()
                .contains("the job already has 3 standing queries").contains("grounding.maxQueries");
        assertThat(book.apply(add("c", "c"))).as("replacing one stays within the cap").isEmpty();
        assertThat(ids(book)).containsExactly("a", "b", "c");
    }

    @Test
    void aRefusedReplacementKeepsTheQueryItWouldHaveReplaced() {
        QueryBook book = new QueryBook(1, 10);
        assertThat(book.apply(add("x", "a"))).isEmpty();
        assertThat(book.apply(add("y", "b"))).isEmpty();
        assertThat(book.apply(add("x", null))).as("every camera: b is full").isPresent();
        assertThat(book.inForce()).extracting(q -> q.camera).containsExactly("b", "a");
    }

    @Test
    void aRemoveOfAnIdNotInForceIsRefusedWithTheIdsThatAre() {
        QueryBook book = new QueryBook(5, 10);
        book.apply(add("q1", null));
        assertThat(book.apply(QueryCommand.remove("q9"))).get().asString()
                .isEqualTo("remove q9: no standing query has that id (in force: [q1])");
        assertThat(book.apply(QueryCommand.remove("q1"))).isEmpty();
        assertThat(book.apply(QueryCommand.remove("q1"))).isPresent();
    }

    @Test
    void aRestoredBookHoldsWhatTheCheckpointHeld() {
        QueryBook book = new QueryBook(5, 10);
        book.apply(add("q1", "a"));
        book.apply(add("q2", null));
        QueryBook restored = new QueryBook(5, 10);
        restored.restore(book.inForce());
        assertThat(ids(restored)).containsExactly("q1", "q2");
        assertThat(restored.apply(QueryCommand.remove("q2"))).isEmpty();
    }
}
