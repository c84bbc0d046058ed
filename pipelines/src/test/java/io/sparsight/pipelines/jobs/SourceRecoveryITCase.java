package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoint and restore in the middle of a file: every sampled frame reaches an exactly-once sink once, none lost,
 * none repeated, although the job fails half-way and resumes from the source's checkpointed read position.
 */
class SourceRecoveryITCase {

    private static final String FRAME_TYPE = "io.sparsight.test.frame";
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    /** One event per frame, with the frame index as its id. */
    static final class FrameAsEvent implements MapFunction<VideoFrame, EventRecord> {
        @Override
        public EventRecord map(VideoFrame frame) {
            return new EventRecord(frame.cameraId + "#" + frame.frameIndex, FRAME_TYPE, frame.cameraId,
                    frame.captureTimeMs, "{\"frameIndex\":" + frame.frameIndex + "}");
        }
    }

    @Test
    void aRestoreInTheMiddleOfAFileLosesAndRepeatsNoFrame() throws Exception {
        Path video = SyntheticVideo.of(160, 120, 10, 200).movingBlock(0, 200).writeTo(dir.resolve("long.mp4"));
        String topic = "frames-" + UUID.randomUUID();
        kafka.createTopics(List.of(topic));
        String failureId = UUID.randomUUID().toString();

        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofMillis(800), 3);
        VideoSource source = VideoSource.bounded(List.of(
                CameraSpec.grey("cam", video.toString(), 5, 64, 48).withPlaybackSpeed(4)));
        CameraJob.cameras(env, source).frames()
                .map(new FailOnceAfterCheckpoint(failureId, 10_000)).name("Fail once")
                .map(new FrameAsEvent()).name("Frame as event")
                .sinkTo(KafkaEventSink.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .transactionalIdPrefix("recovery-" + failureId)
                        .topics(EventTopics.defaults().with(FRAME_TYPE, topic))
                        .build());
        env.execute("source-recovery-it");

        assertThat(FailOnceAfterCheckpoint.hasFailed(failureId)).as("the injected failure happened").isTrue();
        List<EventRecord> frames = CommittedEventReader.readAll(kafka.bootstrapServers(), List.of(topic), Duration.ofSeconds(30));
        long[] expected = LongStream.range(0, 100).map(i -> i * 2).toArray(); // 10 fps sampled at 5 fps
        assertThat(frames).extracting(e -> Long.parseLong(e.id.substring(e.id.indexOf('#') + 1)))
                .containsExactly(java.util.Arrays.stream(expected).boxed().toArray(Long[]::new));
    }
}
