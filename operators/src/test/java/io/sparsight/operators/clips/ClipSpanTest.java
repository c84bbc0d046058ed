package io.sparsight.operators.clips;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClipSpanTest {

    private static long ms(String time) {
        return Instant.parse(time).toEpochMilli();
    }

    @Test
    void anAnomalySpanShowsItsPeakAndItsObject() {
        EventRecord event = new EventRecord("e", EventTypes.ANOMALY, "cam", 0, "{\"camera\":\"cam\","
                + "\"start\":\"2026-01-01T00:00:02Z\",\"end\":\"2026-01-01T00:00:05.400Z\",\"peakScore\":0.9,"
                + "\"peak\":\"2026-01-01T00:00:03.500Z\",\"object\":{\"class\":\"car\",\"track\":12,"
                + "\"box\":[10,20,50,60],\"score\":0.8,\"offsetMs\":3500}}");
        ClipSpan span = ClipSpan.of(event);
        assertThat(span.startMs()).isEqualTo(ms("2026-01-01T00:00:02Z"));
        assertThat(span.endMs()).isEqualTo(ms("2026-01-01T00:00:05.400Z"));
        assertThat(span.peakMs()).isEqualTo(ms("2026-01-01T00:00:03.500Z"));
        assertThat(span.boxes()).containsExactly(new ClipSpan.Box(10, 20, 50, 60, "car #12"));
        assertThat(span.clipStartMs(3_000)).isEqualTo(span.startMs() - 3_000);
        assertThat(span.clipEndMs(1_000)).isEqualTo(span.endMs() + 1_000);
    }

    @Test
    void anObjectShowsItsBestDetectionAndAZoneItsCrossing() {
        ClipSpan object = ClipSpan.of(new EventRecord("o", EventTypes.OBJECT, "cam", 0, "{\"track\":3,\"class\":"
                + "\"person\",\"start\":\"2026-01-01T00:00:01Z\",\"end\":\"2026-01-01T00:00:09Z\",\"bestTime\":"
                + "\"2026-01-01T00:00:04Z\",\"bestBox\":[1,2,3,4]}"));
        assertThat(object.peakMs()).isEqualTo(ms("2026-01-01T00:00:04Z"));
        assertThat(object.boxes()).containsExactly(new ClipSpan.Box(1, 2, 3, 4, "person #3"));
        ClipSpan zone = ClipSpan.of(new EventRecord("z", EventTypes.ZONE, "cam", 0, "{\"track\":3,\"class\":"
                + "\"person\",\"time\":\"2026-01-01T00:00:06Z\",\"box\":[5,6,7,8]}"));
        assertThat(zone.startMs()).isEqualTo(zone.endMs()).isEqualTo(zone.peakMs())
                .isEqualTo(ms("2026-01-01T00:00:06Z"));
        ClipSpan moment = ClipSpan.of(new EventRecord("m", EventTypes.MOMENT, "cam", 0, "{\"start\":"
                + "\"2026-01-01T00:00:10Z\",\"end\":\"2026-01-01T00:00:14Z\"}"));
        assertThat(moment.peakMs()).isEqualTo(ms("2026-01-01T00:00:12Z"));
        assertThat(moment.boxes()).isEmpty();
    }

    @Test
    void anEventWithoutTimesSaysSo() {
        assertThatThrownBy(() -> ClipSpan.of(new EventRecord("m", EventTypes.MOMENT, "cam", 0, "{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no start time");
    }
}
