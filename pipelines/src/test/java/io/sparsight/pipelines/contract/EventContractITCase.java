package io.sparsight.pipelines.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.diffusion.RepairEvents;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.pipelines.cli.SparsightCli;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's job (the sample clip with motion, anomaly, diffusion and object stages) run against a real broker: every record
 * it commits follows the event contract (EventContract). Control messages and repair events as Sparsight writes them
 * follow theirs, and the schemas do refuse what breaks them.
 */
class EventContractITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void everyEventOfTheDemosJobFollowsTheSchemas() throws Exception {
        kafka.createTopics(EventTopics.defaults().allTopics());
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path config = Files.writeString(dir.resolve("demo.yaml"), """
                job: { name: demo, checkpointInterval: 500ms }
                cameras:
                  - id: ped2-test04
                    url: '%s'
                    sampling: full
                    size: 180x120
                    anomaly: true
                    diffusion: true
                    objects:
                      zones: [{name: lower-right, relative: true, points: [[0.5, 0.6], [1, 0.6], [1, 1], [0.5, 1]]}]
                kafka: { bootstrapServers: '%s' }
                """.formatted(clip, kafka.bootstrapServers()));
        assertThat(SparsightCli.run("run", "--config", config.toString())).isZero();

        List<ConsumerRecord<byte[], byte[]>> records = CommittedEventReader.readRecords(kafka.bootstrapServers(),
                EventTopics.defaults().allTopics(), "read_committed", Duration.ofSeconds(30));
        assertThat(records).extracting(r -> new ObjectMapper().readTree(r.value()).path("type").asText())
                .contains(EventTypes.MOTION, EventTypes.ANOMALY, EventTypes.PREDICTION, EventTypes.CAMERA_STATUS,
                        EventTypes.OBJECT, EventTypes.ZONE);
        EventContract.assertValid(records);
        assertThat(new ObjectMapper().readTree(records.get(0).value()).path("source").asText())
                .isEqualTo("/sparsight/demo/ped2-test04");
    }

    @Test
    void aRepairEventAsTheDiffusionStageWritesItFollowsItsSchema() throws Exception {
        VideoFrame first = new VideoFrame("gate-1", -1, 4000, 1_700_000_000_000L, 2, 1, 1, new byte[2]);
        VideoFrame last = new VideoFrame("gate-1", -1, 4100, 1_700_000_000_000L, 2, 1, 1, new byte[2]);
        EventRecord repair = RepairEvents.of(List.of(first, last), 100, 3900, 4200, 0, "bundled:diffusion-ped2");
        JsonNode envelope = new ObjectMapper().readTree(CloudEventJson.toBytes(repair, "demo"));
        assertThat(EventContract.problems(envelope, "cloudevent.v1.json")).isEmpty();
        assertThat(EventContract.problems(envelope.path("data"), "io.sparsight.repair.v1.json")).isEmpty();
        assertThat(envelope.path("dataschema").asText()).isEqualTo("urn:sparsight:schema:io.sparsight.repair:v1");
    }

    @Test
    void controlMessagesAsWrittenFollowTheirSchema() {
        EventContract.assertValidControl(QueryMessages.write(QueryCommand.add("cyclists", null, "a cyclist rides", 0.6)));
        EventContract.assertValidControl(QueryMessages.write(QueryCommand.add("q:2", "gate-1", "a red car stops", 0.5)));
        EventContract.assertValidControl(QueryMessages.write(QueryCommand.remove("cyclists")));
    }

    @Test
    void theSchemasRefuseWhatBreaksTheContract() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode motion = (ObjectNode) mapper.readTree("""
                {"camera":"c","start":"2026-01-01T00:00:02Z","end":"2026-01-01T00:00:05.4Z","startOffsetMs":2000,
                 "endOffsetMs":5400,"durationMs":3400,"peakScore":0.03,"meanScore":0.02,"frames":18}""");
        assertThat(EventContract.problems(motion, "io.sparsight.motion.v1.json")).isEmpty();
        assertThat(EventContract.problems(motion.deepCopy().without("frames"), "io.sparsight.motion.v1.json"))
                .as("a missing field").isNotEmpty();
        assertThat(EventContract.problems(motion.deepCopy().put("start", "yesterday"), "io.sparsight.motion.v1.json"))
                .as("a time that is no date-time").isNotEmpty();
        assertThat(EventContract.problems(motion.deepCopy().put("extra", 1), "io.sparsight.motion.v1.json"))
                .as("a field no consumer knows").isNotEmpty();
        JsonNode badControl = mapper.readTree("{\"action\":\"add\",\"id\":\"x\",\"text\":\"t\",\"threshold\":1.5}");
        assertThat(EventContract.problems(badControl, "io.sparsight.control.query.v1.json")).isNotEmpty();
        assertThat(new String(QueryMessages.write(QueryCommand.remove("x")).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)).contains("remove");
    }
}
