package io.sparsight.pipelines.soak;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SoakResultTest {

    private static SoakRun.MemorySamples memory(double... rssByMinute) {
        SoakRun.MemorySamples memory = new SoakRun.MemorySamples();
        for (int m = 0; m < rssByMinute.length; m++) {
            memory.rssMb.put(m, rssByMinute[m]);
            memory.nativeMb.put(m, rssByMinute[m] / 2);
            memory.heapMb.put(m, 100.0);
        }
        return memory;
    }

    private static SoakRun.Committed committed() {
        SoakRun.Committed committed = new SoakRun.Committed("127.0.0.1:9", List.of());
        for (long ms = 1; ms <= 100; ms++) {
            String type = ms % 2 == 0 ? EventTypes.ANOMALY : EventTypes.MOTION;
            committed.seen(event("e" + ms, type), ms * 10 + 2000, ms * 10);
        }
        committed.seen(event("s", EventTypes.CAMERA_STATUS), 5, -1);
        committed.seen(event("r", EventTypes.REJECTED), 7, -1);
        committed.onlineAt.put("cam0", new ArrayList<>(List.of(1_000L, 90_000L)));
        committed.onlineAt.put("cam1", new ArrayList<>(List.of(1_000L, 220_000L)));
        return committed;
    }

    private static EventRecord event(String id, String type) {
        return new EventRecord(id, type, "cam0", 0, "{\"state\": \"offline\"}");
    }

    @Test
    void aCleanRunPassesAndSaysItsFigures() {
        SoakRun.Options options = new SoakRun.Options(2, 6, Path.of("clip.mp4"), Path.of("out"), System.out);
        List<SoakRun.Fault> faults = List.of(new SoakRun.Fault("cam0", 80_000), new SoakRun.Fault(null, 210_000));
        SoakResult result = SoakResult.of(options, memory(60, 900, 1000, 1010, 1020, 1030, 1040), committed(),
                faults, Path.of("out/memory.png"));
        assertThat(result.referenceMinute()).isEqualTo(3);
        assertThat(result.rssEndOverReference()).isEqualTo(1.03);
        assertThat(result.p50Ms()).isEqualTo(510);
        assertThat(result.p99Ms()).isEqualTo(1000);
        assertThat(result.p50MsByType()).containsEntry(EventTypes.ANOMALY, 520L).containsEntry(EventTypes.MOTION, 510L)
                .hasSize(2); // the status and the rejected event had no closing frame
        assertThat(result.eventTimeP50Ms()).as("101 events with an event time: the status is not one")
                .isEqualTo(2500);
        assertThat(result.duplicates()).isZero();
        assertThat(result.missing()).as("cam0 online again at 90 s, cam1 at 220 s; cam0 not after the"
                + " TaskManager kill").isEqualTo(1);
        assertThat(result.passes()).isFalse();
        assertThat(result.toJson()).contains("\"rss_mb_by_minute\":[60.0,900.0,1000.0,1010.0,1020.0,1030.0,1040.0]")
                .contains("\"missing\":1").contains("\"p99_ms\":1000");
    }

    @Test
    void repeatedIdsAndGrowingMemoryFailTheBars() {
        SoakRun.Options options = new SoakRun.Options(2, 6, Path.of("clip.mp4"), Path.of("out"), System.out);
        SoakRun.Committed committed = committed();
        committed.idCounts.put("e2", 3);
        SoakResult result = SoakResult.of(options, memory(60, 900, 1000, 1000, 1050, 1100, 1200), committed,
                List.of(), Path.of("out/memory.png"));
        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(result.rssEndOverReference()).isEqualTo(1.2);
        assertThat(result.passes()).isFalse();
    }
}
