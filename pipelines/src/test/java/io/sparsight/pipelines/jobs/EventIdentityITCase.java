package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.motion.MotionStage;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event's id says what it is, not when the job ran: the same file read by two jobs gives its motion spans the same
 * ids (their wall-clock times differ: each run starts the stream's clock), and an edited file gives new ones.
 */
class EventIdentityITCase {

    @TempDir
    Path dir;

    private static List<EventRecord> motionEvents(Path video) throws Exception {
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        CameraSpec camera = CameraSpec.grey("gate", video.toString(), 10, 160, 120);
        CameraJob.CameraStreams cameras = CameraJob.cameras(env, VideoSource.bounded(List.of(camera)));
        List<EventRecord> events = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = MotionStage.events(cameras.frames(), MotionConfig.defaults())
                .executeAndCollect("identity")) {
            it.forEachRemaining(events::add);
        }
        return events;
    }

    @Test
    void theSameFileReadTwiceGivesItsSpansTheSameIds() throws Exception {
        Path video = SyntheticVideo.of(160, 120, 10, 80).movingBlock(10, 25).movingBlock(45, 60)
                .writeTo(dir.resolve("gate.mp4"));
        List<EventRecord> first = motionEvents(video);
        Thread.sleep(1_100); // the second run's stream starts on another wall-clock second
        List<EventRecord> second = motionEvents(video);

        assertThat(first).as("motion spans").hasSize(2);
        assertThat(second.stream().map(e -> e.id).toList()).isEqualTo(first.stream().map(e -> e.id).toList());
        assertThat(CloudEventJson.parse(second.get(0).dataJson).path("start").asText())
                .as("the wall-clock start of the second run's span")
                .isNotEqualTo(CloudEventJson.parse(first.get(0).dataJson).path("start").asText());

        Path edited = SyntheticVideo.of(160, 120, 10, 81).movingBlock(10, 25).movingBlock(45, 60)
                .writeTo(dir.resolve("gate.mp4"));
        List<EventRecord> afterEdit = motionEvents(edited);
        assertThat(afterEdit.stream().map(e -> e.id).toList()).as("ids of the edited file's spans")
                .doesNotContainAnyElementsOf(first.stream().map(e -> e.id).toList());
    }
}
