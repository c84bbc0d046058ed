package io.sparsight.pipelines.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.motion.MotionStage;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.contract.EventContract;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The motion job end to end: FFmpeg decoding of generated videos on a Flink MiniCluster, exactly-once events in a
 * real in-process Kafka broker, read back with {@code read_committed}. One fresh topic per test.
 */
class CameraJobITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    private static EventTopics freshTopics() {
        String suffix = UUID.randomUUID().toString();
        EventTopics topics = EventTopics.defaults()
                .with(EventTypes.MOTION, "motion-" + suffix)
                .with(EventTypes.CAMERA_STATUS, "status-" + suffix);
        kafka.createTopics(topics.allTopics());
        return topics;
    }

    private static List<EventRecord> ofType(List<EventRecord> events, String type) {
        return events.stream().filter(e -> e.type.equals(type)).toList();
    }

    private static KafkaEventSink sink(EventTopics topics) {
        return KafkaEventSink.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .transactionalIdPrefix("it-" + UUID.randomUUID())
                .topics(topics);
    }

    private static List<EventRecord> committedEvents(EventTopics topics) {
        return CommittedEventReader.readAll(kafka.bootstrapServers(), topics.allTopics(), READ_TIMEOUT);
    }

    private static long startOffset(EventRecord e) {
        return CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong();
    }

    private static long endOffset(EventRecord e) {
        return CloudEventJson.parse(e.dataJson).path("endOffsetMs").asLong();
    }

    @Test
    void oneMotionSpanPerCameraCoversTheFramesWhereTheBlockMoves() throws Exception {
        // 6 s at 10 fps; the block moves in frames 20..39, i.e. from 2.0 s to 3.9 s (it is gone at 4.0 s)
        Path video = SyntheticVideo.of(160, 120, 10, 60).movingBlock(20, 40).writeTo(dir.resolve("block.mp4"));
        EventTopics topics = freshTopics();
        StreamExecutionEnvironment env = LocalFlink.environment(2, Duration.ofMillis(500), 0);
        VideoSource source = VideoSource.bounded(List.of(
                CameraSpec.grey("cam-1", video.toString(), 5, 80, 60),
                CameraSpec.grey("cam-2", video.toString(), 5, 80, 60)));
        CameraJob.build(env, source, MotionConfig.defaults(), sink(topics).build());
        env.execute("motion-it");

        List<ConsumerRecord<byte[], byte[]>> records = CommittedEventReader.readRecords(
                kafka.bootstrapServers(), topics.allTopics(), "read_committed", READ_TIMEOUT);
        assertThat(EventContract.assertValid(records)).as("records checked against docs/schemas").isPositive();
        List<EventRecord> all = records.stream().map(r -> CloudEventJson.fromBytes(r.value())).toList();
        List<EventRecord> events = ofType(all, EventTypes.MOTION).stream()
                .sorted(Comparator.comparing(e -> e.camera)).toList();
        assertThat(ofType(all, EventTypes.CAMERA_STATUS))
                .extracting(e -> e.camera + ":" + CloudEventJson.parse(e.dataJson).path("state").asText())
                .containsExactlyInAnyOrder("cam-1:online", "cam-1:ended", "cam-2:online", "cam-2:ended");

        assertThat(events).extracting(e -> e.camera).containsExactly("cam-1", "cam-2");
        assertThat(events).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(records).allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8))
                .isEqualTo(CloudEventJson.fromBytes(r.value()).camera));
        for (EventRecord event : events) {
            assertThat(event.type).isEqualTo(EventTypes.MOTION);
            assertThat(startOffset(event)).as("span start of %s", event.camera).isBetween(1_800L, 2_200L);
            assertThat(endOffset(event)).as("span end of %s", event.camera).isBetween(3_800L, 4_200L);
            JsonNode data = CloudEventJson.parse(event.dataJson);
            assertThat(data.path("peakScore").asDouble()).isGreaterThan(MotionConfig.defaults().enterThreshold());
            assertThat(data.path("frames").asInt()).isBetween(9, 12);
        }
    }

    @Test
    void afterAFailureAfterTheFirstCheckpointEveryEventIsCommittedExactlyOnce() throws Exception {
        // 20 s at 10 fps with three moving-block spans (2-4 s, 8-10 s, 15-17 s), played at 2x real time with a
        // checkpoint every second. The first motion event after a completed checkpoint is written into the open Kafka
        // transaction and then the job fails: that transaction is aborted, the job restarts from its checkpoint and
        // writes the event again.
        Path video = SyntheticVideo.of(160, 120, 10, 200)
                .movingBlock(20, 40).movingBlock(80, 100).movingBlock(150, 170)
                .writeTo(dir.resolve("three-spans.mp4"));
        EventTopics topics = freshTopics();
        String failureId = UUID.randomUUID().toString();
        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 3);
        VideoSource source = VideoSource.bounded(List.of(
                CameraSpec.grey("cam", video.toString(), 5, 80, 60).withPlaybackSpeed(2)));

        DataStream<VideoFrame> frames = CameraJob.cameras(env, source).frames();
        DataStream<EventRecord> motion = MotionStage.events(frames, MotionConfig.defaults())
                .process(new EmitThenFailOnce(failureId))
                .name("Emit then fail once");
        CameraJob.sinkEvents(motion, sink(topics).producerProperty("linger.ms", "0").build());
        env.execute("exactly-once-it");

        assertThat(EmitThenFailOnce.hasFailed(failureId)).as("the injected failure happened").isTrue();
        int writtenRecords = CommittedEventReader.readRecords(kafka.bootstrapServers(),
                List.of(topics.topicFor(EventTypes.MOTION)), "read_uncommitted", READ_TIMEOUT).size();
        List<EventRecord> events = ofType(committedEvents(topics), EventTypes.MOTION);
        Set<String> ids = events.stream().map(e -> e.id).collect(Collectors.toSet());
        assertThat(events).hasSize(3);
        assertThat(ids).hasSize(events.size());
        assertThat(writtenRecords)
                .as("records in the topic log, aborted ones included: the failure aborted a written event")
                .isGreaterThan(events.size());
        List<EventRecord> sorted = events.stream().sorted(Comparator.comparingLong(CameraJobITCase::startOffset)).toList();
        assertThat(sorted).extracting(CameraJobITCase::startOffset)
                .satisfiesExactly(
                        s -> assertThat(s).isBetween(1_800L, 2_200L),
                        s -> assertThat(s).isBetween(7_800L, 8_200L),
                        s -> assertThat(s).isBetween(14_800L, 15_200L));
    }
}
