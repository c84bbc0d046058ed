package io.sparsight.pipelines.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.models.grounding.Moment;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.grounding.ControlSource;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.QueryCommand;
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
import io.sparsight.pipelines.local.QueryTopic;
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
 * A standing query over real footage, answered from the object stage's tracks: the sample clip (UCSD Ped2 test 04,
 * decoded by FFmpeg) through the bundled detector and tracker into the bundled track-grounding model, the query
 * added on the control topic of a real Kafka broker, moment events read back committed. The truth is the clip's
 * line in samples/real-grounding (annotated by looking at the frames): a cyclist rides along the walkway from 12 s to
 * the end (18 s). (The clip's cart, 3.4-18 s, is not found by the bundled model: docs/benchmarks.md.)
 */
class TrackGroundingJobITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Moment CYCLIST = new Moment(12.0, 18.0);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @Test
    void aQueryAboutTheCyclistFindsItsMomentOnTheTracks() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        String suffix = UUID.randomUUID().toString();
        EventTopics topics = EventTopics.defaults()
                .with(EventTypes.MOMENT, "moments-" + suffix)
                .with(EventTypes.REJECTED, "rejected-" + suffix)
                .with(EventTypes.MOTION, "motion-" + suffix)
                .with(EventTypes.OBJECT, "objects-" + suffix)
                .with(EventTypes.ZONE, "objects-" + suffix)
                .with(EventTypes.CAMERA_STATUS, "status-" + suffix);
        String queryTopic = "queries-" + suffix;
        kafka.createTopics(topics.allTopics());
        kafka.createTopics(List.of(queryTopic), EventTopics.CONTROL_PARTITIONS);
        QueryTopic.send(kafka.bootstrapServers(), queryTopic,
                List.of(QueryCommand.add("cyclist", "cam", "a person rides a bicycle along the walkway", 0.5)));

        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
        CameraSpec camera = CameraSpec.builder("cam", clip.toString()).sampling(Sampling.full()).size(360, 240)
                .build();
        GroundingConfig grounding = new GroundingConfig("bundled:tracks-synthetic", "auto", 12_000, 2_000, 0.5, 1_000,
                5_000, 32, 256);
        CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults())
                .withObjects(ObjectsConfig.defaults().withCameras(Map.of("cam", CameraObjects.defaults())))
                .withGrounding(grounding, Set.of("cam"));
        CameraJob.build(env, VideoSource.bounded(List.of(camera)), CameraJob.SOURCE_IDLENESS, stages,
                ControlSource.kafka(kafka.bootstrapServers(), queryTopic, "it-" + suffix, true),
                KafkaEventSink.builder().bootstrapServers(kafka.bootstrapServers())
                        .transactionalIdPrefix("it-" + suffix).topics(topics).build());
        env.execute("track-grounding-it");

        List<EventRecord> moments = CommittedEventReader.readAll(kafka.bootstrapServers(),
                List.of(topics.topicFor(EventTypes.MOMENT)), READ_TIMEOUT);
        System.out.println("moment events: " + moments);
        assertThat(moments).as("moments of the cyclist query").isNotEmpty();
        double best = 0;
        for (EventRecord e : moments) {
            JsonNode data = CloudEventJson.parse(e.dataJson);
            assertThat(data.path("queryId").asText()).isEqualTo("cyclist");
            assertThat(data.path("model").asText()).isEqualTo("tracks-synthetic");
            Moment moment = new Moment(data.path("startOffsetMs").asLong() / 1000.0,
                    data.path("endOffsetMs").asLong() / 1000.0);
            best = Math.max(best, moment.iou(CYCLIST));
        }
        assertThat(best).as("IoU of the best moment with the cyclist's %s", CYCLIST).isGreaterThanOrEqualTo(0.3);
        EventContract.assertValid(CommittedEventReader.readRecords(kafka.bootstrapServers(), topics.allTopics(),
                "read_committed", READ_TIMEOUT));
    }
}
