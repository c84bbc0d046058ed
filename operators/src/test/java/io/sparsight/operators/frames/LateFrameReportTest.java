package io.sparsight.operators.frames;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class LateFrameReportTest {

    @Test
    void theFirstSkipIsReportedThenAtMostOneLineAMinuteWithTheCountSinceTheLast() {
        LateFrameReport report = new LateFrameReport(LoggerFactory.getLogger(LateFrameReportTest.class),
                "the anomaly stage", "anomaly.maxLag", 2000);

        String first = report.skipped("cam0", 1, 2400, 1_000);
        assertThat(first).startsWith("the anomaly stage is behind its live cameras: 1 late frames not scored (")
                .contains("camera cam0, 2.4 s after it was decoded; anomaly.maxLag is 2.0 s")
                .endsWith("or raise anomaly.maxLag.");

        assertThat(report.skipped("cam1", 2, 3000, 30_000)).as("within the minute").isNull();
        assertThat(report.skipped("cam1", 2, 3000, 60_999)).as("still within the minute").isNull();

        String next = report.skipped("cam2", 1, 5000, 61_000);
        assertThat(next).contains(": 5 late frames not scored in the last 60 s (the last of camera cam2, 5.0 s after");
        assertThat(report.skipped("cam2", 1, 5000, 62_000)).isNull();
    }
}
