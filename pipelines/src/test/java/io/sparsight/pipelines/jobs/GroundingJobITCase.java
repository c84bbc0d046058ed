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
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.pipelines.contract.EventContract;
import io.sparsight.pipelines.data.SceneVideos;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import io.sparsight.pipelines.local.QueryTopic;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standing queries end to end, with the bundled grounding model: a generated 54 s stream (decoded by FFmpeg, played
 * at 2x real time) in which a red square moves right and back three times and a blue circle moves left and back
 * three times; queries
 * added and removed through the control topic of a real Kafka broker while the Flink job runs; moment events and
 * dead letters read back committed.
 */
class GroundingJobITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final double PERIOD = ShapeRoundTrips.PERIOD;
    private static final int REPEATS = ShapeRoundTrips.REPEATS;
    /** Characters of text in the huge control message: 1,047,541 bytes in all, as the issue sent. */
    private static final int HUGE_TEXT = 1_047_541 - "{\"action\": \"add\", \"id\": \"huge\", \"text\": \"\"}".length();
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void aQueryAddedOnTheControlTopicFindsItsMomentsUntilItIsRemoved() throws Exception {
        Path video = dir.resolve("stream.mp4");
        SceneVideos.write(ShapeRoundTrips.scene(), video);
        String suffix = UUID.randomUUID().toString();
        EventTopics topics = EventTopics.defaults()
                .with(EventTypes.MOMENT, "moments-" + suffix)
                .with(EventTypes.REJECTED, "rejected-" + suffix)
                .with(EventTypes.MOTION, "motion-" + suffix)
                .with(EventTypes.CAMERA_STATUS, "status-" + suffix);
        String queryTopic = "queries-" + suffix;
        kafka.createTopics(topics.allTopics());
        kafka.createTopics(List.of(queryTopic), EventTopics.CONTROL_PARTITIONS);
        QueryCommand red = QueryCommand.add("red-right", "cam", "the red square moves to the right", 0.5);
        // a message of about 1 MB (a default broker takes it) is refused with a dead letter of a few KB
        String huge = "{\"action\": \"add\", \"id\": \"huge\", \"text\": \"" + "x".repeat(HUGE_TEXT) + "\"}";
        QueryTopic.sendRaw(kafka.bootstrapServers(), queryTopic, List.of(QueryMessages.write(red), "{not json", huge));

        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
        CameraSpec camera = CameraSpec.builder("cam", video.toString()).sampling(Sampling.full()).size(160, 120)
                .channels(3).playbackSpeed(2).build();
        CameraJob.build(env, VideoSource.bounded(List.of(camera)), CameraJob.SOURCE_IDLENESS,
                CameraStages.motionOnly(MotionConfig.defaults()).withGrounding(GroundingConfig.defaults(), Set.of("cam")),
                ControlSource.kafka(kafka.bootstrapServers(), queryTopic, "it-" + suffix, false),
                KafkaEventSink.builder().bootstrapServers(kafka.bootstrapServers())
                        .transactionalIdPrefix("it-" + suffix).topics(topics).build());
        JobClient job = env.executeAsync("grounding-it");
        String moments = topics.topicFor(EventTypes.MOMENT);
        try {
            waitFor(moments, events -> events.stream().anyMatch(e -> query(e).equals("red-right")), 90);
            QueryTopic.send(kafka.bootstrapServers(), queryTopic, List.of(QueryCommand.remove("red-right"),
                    QueryCommand.add("blue-left", "cam", "the blue circle moves to the left", 0.5)));
            waitFor(topics.topicFor(EventTypes.CAMERA_STATUS), events -> events.stream().anyMatch(
                    e -> CloudEventJson.parse(e.dataJson).path("state").asText().equals("ended")), 120);
            waitFor(moments, events -> events.stream().anyMatch(e -> query(e).equals("blue-left")), 60);
            Thread.sleep(3000); // the last checkpoint commits what the end of the stream closed
        } finally {
            job.cancel().get();
        }

        List<EventRecord> found = read(moments);
        List<EventRecord> redEvents = found.stream().filter(e -> query(e).equals("red-right")).toList();
        int firstBlue = indexOfFirst(found, "blue-left");
        System.out.println("moment events: " + found);
        assertThat(redEvents).as("moments of the red query").isNotEmpty();
        for (EventRecord e : redEvents) {
            JsonNode data = CloudEventJson.parse(e.dataJson);
            Moment moment = new Moment(data.path("startOffsetMs").asLong() / 1000.0,
                    data.path("endOffsetMs").asLong() / 1000.0);
            assertThat(bestIou(moment, 4, 9)).as("IoU of %s with the nearest true 'moves right' span", moment)
                    .isGreaterThan(0.5);
            assertThat(data.path("text").asText()).isEqualTo("the red square moves to the right");
            assertThat(data.path("camera").asText()).isEqualTo("cam");
        }
        assertThat(firstBlue).as("the query added after the remove found a moment").isGreaterThanOrEqualTo(0);
        assertThat(found.subList(firstBlue, found.size())).as("red moments after the remove was processed")
                .noneMatch(e -> query(e).equals("red-right"));
        assertThat(redEvents.size()).as("the remove stopped the red query before its last moments")
                .isLessThan(REPEATS);
        for (EventRecord e : found.subList(firstBlue, found.size())) {
            JsonNode data = CloudEventJson.parse(e.dataJson);
            Moment moment = new Moment(data.path("startOffsetMs").asLong() / 1000.0,
                    data.path("endOffsetMs").asLong() / 1000.0);
            assertThat(bestIou(moment, 6, 10)).as("IoU of %s with the nearest true 'moves left' span", moment)
                    .isGreaterThan(0.5);
        }

        EventContract.assertValid(CommittedEventReader.readRecords(kafka.bootstrapServers(), topics.allTopics(),
                "read_committed", READ_TIMEOUT));
        EventContract.assertValidControl(QueryMessages.write(red));
        EventContract.assertValidControl(QueryMessages.write(QueryCommand.remove("red-right")));
        List<EventRecord> rejected = read(topics.topicFor(EventTypes.REJECTED));
        assertThat(rejected).hasSize(2);
        JsonNode letter = CloudEventJson.parse(rejected.get(0).dataJson);
        assertThat(letter.path("message").asText()).isEqualTo("{not json");
        assertThat(letter.path("reason").asText()).contains("not JSON");
        assertThat(letter.path("offset").asLong()).isEqualTo(1);
        JsonNode hugeLetter = CloudEventJson.parse(rejected.get(1).dataJson);
        assertThat(hugeLetter.path("offset").asLong()).isEqualTo(2);
        assertThat(hugeLetter.path("messageBytes").asInt()).isEqualTo(huge.length());
        assertThat(hugeLetter.path("reason").asText()).contains("'text' must be a sentence");
        assertThat(rejected.get(1).dataJson.length()).as("the dead letter of a 1 MB message").isLessThan(4000);
    }

    private static double bestIou(Moment moment, double start, double end) {
        double best = 0;
        for (int k = 0; k < REPEATS; k++) {
            best = Math.max(best, moment.iou(new Moment(k * PERIOD + start, k * PERIOD + end)));
        }
        return best;
    }

    private static int indexOfFirst(List<EventRecord> events, String queryId) {
        for (int i = 0; i < events.size(); i++) {
            if (query(events.get(i)).equals(queryId)) {
                return i;
            }
        }
        return -1;
    }

    private static String query(EventRecord e) {
        return CloudEventJson.parse(e.dataJson).path("queryId").asText();
    }

    private static List<EventRecord> read(String topic) {
        return CommittedEventReader.readAll(kafka.bootstrapServers(), List.of(topic), READ_TIMEOUT);
    }

    private static void waitFor(String topic, Predicate<List<EventRecord>> done, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!done.test(read(topic))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing awaited in " + topic + " after " + seconds + " s; it holds "
                        + read(topic));
            }
            Thread.sleep(500);
        }
    }
}
