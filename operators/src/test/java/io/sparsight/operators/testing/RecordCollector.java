package io.sparsight.operators.testing;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Consumes an unbounded job's output (from {@code executeAndCollect}) in the test thread, remembering when each
 * record arrived, until a condition holds or a deadline passes.
 */
public final class RecordCollector {

    /** A record and the wall-clock time (ms) it reached the test. */
    public record Arrival(CameraRecord record, long atMs) {
        public boolean isFrameOf(String camera) {
            return record.isFrame() && record.frame.cameraId.equals(camera);
        }

        public boolean isStatusOf(String camera, String... states) {
            if (record.isFrame() || !record.status.cameraId.equals(camera)) {
                return false;
            }
            for (String s : states) {
                if (s.equals(record.status.state)) {
                    return true;
                }
            }
            return states.length == 0;
        }

        public CameraStatus status() {
            return record.status;
        }
    }

    private final CloseableIterator<CameraRecord> iterator;
    private final List<Arrival> arrivals = new ArrayList<>();

    public RecordCollector(CloseableIterator<CameraRecord> iterator) {
        this.iterator = iterator;
    }

    public List<Arrival> arrivals() {
        return arrivals;
    }

    /** Consumes until some arrival at or after {@code sinceMs} matches; returns it, or fails after {@code timeout}. */
    public Arrival awaitArrival(Predicate<Arrival> condition, long sinceMs, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        for (Arrival a : arrivals) {
            if (a.atMs() >= sinceMs && condition.test(a)) {
                return a;
            }
        }
        while (System.currentTimeMillis() < deadline && iterator.hasNext()) {
            Arrival a = new Arrival(iterator.next(), System.currentTimeMillis());
            arrivals.add(a);
            if (a.atMs() >= sinceMs && condition.test(a)) {
                return a;
            }
        }
        throw new AssertionError("no matching record within " + timeout + "; got " + arrivals.size()
                + " records, the last statuses: " + arrivals.stream().filter(x -> !x.record().isFrame())
                .map(x -> x.record().status.toString()).toList());
    }

    /** Consumes until an arrival after {@code previous} (in arrival order) matches; fails after {@code timeout}. */
    public Arrival awaitArrivalAfter(Arrival previous, Predicate<Arrival> condition, Duration timeout) {
        int from = arrivals.indexOf(previous) + 1;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        for (int i = from; i < arrivals.size(); i++) {
            if (condition.test(arrivals.get(i))) {
                return arrivals.get(i);
            }
        }
        while (System.currentTimeMillis() < deadline && iterator.hasNext()) {
            Arrival a = new Arrival(iterator.next(), System.currentTimeMillis());
            arrivals.add(a);
            if (condition.test(a)) {
                return a;
            }
        }
        throw new AssertionError("no matching record after " + previous.record() + " within " + timeout);
    }

    /** Consumes for {@code duration} (the job must keep producing, e.g. a paced test camera). */
    public void consumeFor(Duration duration) {
        long until = System.currentTimeMillis() + duration.toMillis();
        while (System.currentTimeMillis() < until && iterator.hasNext()) {
            arrivals.add(new Arrival(iterator.next(), System.currentTimeMillis()));
        }
    }

    public long count(Predicate<Arrival> condition, long fromMs, long toMs) {
        return arrivals.stream().filter(a -> a.atMs() >= fromMs && a.atMs() <= toMs && condition.test(a)).count();
    }
}
