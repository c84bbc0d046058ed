package io.sparsight.pipelines.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a soak measured. {@code duplicates}: event ids the read_committed consumer saw more than once. {@code missing}:
 * recoveries that never showed: a camera brought back (or every camera, after the TaskManager was killed) without a
 * committed {@code online} status of it afterwards. The memory bar compares the last minute's RSS with the
 * reference minute's (minute 10, or half way in runs shorter than 20 minutes). Latency ({@code p50Ms}, {@code p99Ms},
 * and the median by event type) runs from the arrival of the frame that closed an event to the consumer seeing it
 * committed; {@code eventTimeP50Ms} from the event's own time (a span's last frame, a moment's end), which adds how
 * long a stage waits before it decides (a span closes after a second below its exit level; a moment when its window
 * ends).
 */
public record SoakResult(int minutes, int cameras, Map<Integer, Double> rssMbByMinute,
        Map<Integer, Double> nativeMbByMinute, Map<Integer, Double> heapMbByMinute, int referenceMinute, long events,
        Map<String, Integer> eventsByType, long p50Ms, long p99Ms, Map<String, Long> p50MsByType, long eventTimeP50Ms,
        int reconnects, int cameraFaults, int taskManagerKills, long duplicates, long missing,
        List<String> missingRecoveries, Path memoryChart) {

    static SoakResult of(SoakRun.Options o, SoakRun.MemorySamples memory, SoakRun.Committed committed,
            List<SoakRun.Fault> faults, Path chart) {
        synchronized (committed) {
            List<Long> latencies = new ArrayList<>();
            Map<String, Long> p50ByType = new TreeMap<>();
            committed.latenciesMsByType.forEach((type, ms) -> {
                latencies.addAll(ms);
                p50ByType.put(type, percentile(sorted(ms), 0.5));
            });
            Collections.sort(latencies);
            long duplicates = committed.idCounts.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            List<String> notBack = new ArrayList<>();
            for (SoakRun.Fault fault : faults) {
                List<String> cameras = fault.camera() != null ? List.of(fault.camera())
                        : committed.onlineAt.keySet().stream().sorted().toList();
                for (String camera : cameras) {
                    boolean back = committed.onlineAt.getOrDefault(camera, List.of()).stream()
                            .anyMatch(t -> t >= fault.atMs());
                    if (!back) {
                        notBack.add(camera + " after " + (fault.camera() != null ? "it came back" : "the TaskManager"
                                + " kill") + " at " + Instant.ofEpochMilli(fault.atMs()));
                    }
                }
            }
            int reference = Math.min(10, o.minutes() / 2);
            return new SoakResult(o.minutes(), o.cameras(), memory.rssMb, memory.nativeMb, memory.heapMb, reference,
                    committed.idCounts.values().stream().mapToLong(Integer::longValue).sum(), committed.byType,
                    percentile(latencies, 0.5), percentile(latencies, 0.99), p50ByType,
                    percentile(sorted(committed.eventTimeLatenciesMs), 0.5), committed.reconnects,
                    (int) faults.stream().filter(f -> f.camera() != null).count(),
                    (int) faults.stream().filter(f -> f.camera() == null).count(), duplicates, notBack.size(),
                    List.copyOf(notBack), chart);
        }
    }

    private static List<Long> sorted(List<Long> values) {
        List<Long> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    public double rssStartMb() {
        return rssMbByMinute.get(0);
    }

    public double rssEndMb() {
        return rssMbByMinute.get(minutes);
    }

    public double rssMaxMb() {
        return rssMbByMinute.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The last minute's RSS over the reference minute's: the bar is at most 1.10. */
    public double rssEndOverReference() {
        Double reference = rssMbByMinute.get(referenceMinute);
        return reference == null ? Double.NaN : Math.round(rssEndMb() / reference * 1000) / 1000.0;
    }

    public boolean passes() {
        return rssEndOverReference() <= 1.10 && duplicates == 0 && missing == 0;
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("minutes", minutes);
        node.put("cameras", cameras);
        node.put("rss_mb_start", rssStartMb());
        node.put("rss_mb_end", rssEndMb());
        node.put("rss_mb_max", rssMaxMb());
        node.put("reference_minute", referenceMinute);
        node.put("rss_end_over_reference", rssEndOverReference());
        node.set("rss_mb_by_minute", json.valueToTree(rssMbByMinute.values()));
        node.set("native_mb_by_minute", json.valueToTree(nativeMbByMinute.values()));
        node.set("heap_mb_by_minute", json.valueToTree(heapMbByMinute.values()));
        node.put("events", events);
        node.set("events_by_type", json.valueToTree(eventsByType));
        node.put("p50_ms", p50Ms);
        node.put("p99_ms", p99Ms);
        node.set("p50_ms_by_type", json.valueToTree(p50MsByType));
        node.put("event_time_p50_ms", eventTimeP50Ms);
        node.put("reconnects", reconnects);
        node.put("camera_faults", cameraFaults);
        node.put("taskmanager_kills", taskManagerKills);
        node.put("duplicates", duplicates);
        node.put("missing", missing);
        node.set("missing_recoveries", json.valueToTree(missingRecoveries));
        node.put("memory_chart", memoryChart.toString());
        node.put("passes", passes());
        return node.toString();
    }
}
