package io.sparsight.operators.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.motion.MotionEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventJsonTest {

    private static final Span SPAN = new Span(2_000, 5_400, 1_767_225_602_000L, 1_767_225_605_400L, 0.031, 0.0204, 18, 1_767_225_603_500L);

    @Test
    void motionEventCarriesTheCloudEventsAttributesAndTheSpan() {
        EventRecord event = MotionEvents.of("gate-2", 1_767_225_600_000L, SPAN);
        JsonNode json = CloudEventJson.parse(new String(CloudEventJson.toBytes(event, "gates")));

        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(json.path("id").asText()).isEqualTo(event.id);
        assertThat(json.path("source").asText()).isEqualTo("/sparsight/gates/gate-2");
        assertThat(json.path("subject").asText()).isEqualTo("gate-2");
        assertThat(json.path("dataschema").asText()).isEqualTo("urn:sparsight:schema:io.sparsight.motion:v1");
        assertThat(json.path("type").asText()).isEqualTo("io.sparsight.motion");
        assertThat(java.time.Instant.parse(json.path("time").asText())).isEqualTo("2026-01-01T00:00:05.400Z");
        assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");

        JsonNode data = json.path("data");
        assertThat(data.path("start").asText()).isEqualTo("2026-01-01T00:00:02Z");
        assertThat(data.path("end").asText()).isEqualTo("2026-01-01T00:00:05.400Z");
        assertThat(data.path("startOffsetMs").asLong()).isEqualTo(2_000);
        assertThat(data.path("endOffsetMs").asLong()).isEqualTo(5_400);
        assertThat(data.path("durationMs").asLong()).isEqualTo(3_400);
        assertThat(data.path("peakScore").asDouble()).isEqualTo(0.031);
        assertThat(data.path("frames").asInt()).isEqualTo(18);
        assertThat(data.has("model")).as("motion has no model").isFalse();
    }

    @Test
    void aCameraIdThatIsNoUriPathStillMakesAValidSource() {
        assertThat(CloudEventJson.source("my job", "gate #2/east").toString())
                .isEqualTo("/sparsight/my%20job/gate%20%232%2Feast");
    }

    @Test
    void idsAreStableForTheSameSpanAndDifferOtherwise() {
        EventRecord a = MotionEvents.of("gate-2", 1, SPAN);
        assertThat(MotionEvents.of("gate-2", 1, SPAN).id).isEqualTo(a.id);
        assertThat(MotionEvents.of("gate-3", 1, SPAN).id).isNotEqualTo(a.id);
        assertThat(MotionEvents.of("gate-2", 2, SPAN).id).isNotEqualTo(a.id);
    }

    @Test
    void eventsReadBackAsWritten() {
        EventRecord event = MotionEvents.of("gate-2", 1, SPAN);
        EventRecord back = CloudEventJson.fromBytes(CloudEventJson.toBytes(event));
        assertThat(back).isEqualTo(event);
    }
}
