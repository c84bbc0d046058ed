package io.sparsight.pipelines.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.pipelines.contract.EventContract;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The anomaly stage fused with the objects: the sample clip (UCSD Ped2 test 04: a cart drives through the crowd from
 * 3.4 s, a cyclist rides along the walkway from 12 s) through the bundled frame predictor and, on the side, the
 * bundled detector and tracker; the bundled model's object density (fitted on Ped2's training footage, where only
 * people walk) scores the tracks. Anomaly events read back committed name the object that made them unusual.
 */
class ObjectAnomalyJobITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void anomalyEventsOnACameraWithObjectsNameTheUnusualObject() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        String suffix = UUID.randomUUID().toString();
        EventTopics topics = EventTopics.defaults()
                .with(EventTypes.ANOMALY, "anomalies-" + suffix)
                .with(EventTypes.MOTION, "motion-" + suffix)
                .with(EventTypes.OBJECT, "objects-" + suffix)
                .with(EventTypes.ZONE, "objects-" + suffix)
                .with(EventTypes.CAMERA_STATUS, "status-" + suffix);
        kafka.createTopics(topics.allTopics());

        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
        CameraSpec camera = CameraSpec.builder("cam", clip.toString()).sampling(Sampling.full()).size(360, 240)
                .build();
        CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults())
                .withAnomaly(AnomalyConfig.defaults(), Set.of("cam"))
                .withObjects(ObjectsConfig.defaults().withCameras(Map.of("cam", CameraObjects.defaults())));
        CameraJob.build(env, VideoSource.bounded(List.of(camera)), CameraJob.SOURCE_IDLENESS, stages, null,
                KafkaEventSink.builder().bootstrapServers(kafka.bootstrapServers())
                        .transactionalIdPrefix("it-" + suffix).topics(topics).build());
        env.execute("object-anomaly-it");

        List<EventRecord> anomalies = CommittedEventReader.readAll(kafka.bootstrapServers(),
                List.of(topics.topicFor(EventTypes.ANOMALY)), READ_TIMEOUT);
        System.out.println("anomaly events: " + anomalies);
        assertThat(anomalies).as("anomaly events").isNotEmpty();
        List<JsonNode> objects = anomalies.stream().map(e -> CloudEventJson.parse(e.dataJson).path("object"))
                .filter(o -> !o.isMissingNode()).toList();
        assertThat(objects).as("anomaly events naming an object").isNotEmpty();
        assertThat(objects).as("the cart or the bicycle: classes the normal footage never or hardly showed")
                .anyMatch(o -> Set.of("car", "truck", "bicycle", "motorcycle").contains(o.path("class").asText()));
        for (JsonNode o : objects) {
            assertThat(o.path("track").asInt()).isPositive();
            assertThat(o.path("box").size()).isEqualTo(4);
            assertThat(o.path("score").asDouble()).isBetween(0.0, 1.0);
        }
        EventContract.assertValid(CommittedEventReader.readRecords(kafka.bootstrapServers(), topics.allTopics(),
                "read_committed", READ_TIMEOUT));
    }
}
