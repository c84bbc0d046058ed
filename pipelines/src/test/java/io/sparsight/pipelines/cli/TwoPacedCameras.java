package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.CommittedEventReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job that the interruption tests (savepoint stop, killed {@code run}, killed JobManager) interrupt: two cameras,
 * east and west, reading one synthetic clip paced like live ones (playbackSpeed 1), with a moving block at 2-4 s and
 * another near the end, so two motion spans per camera; the interruption comes between them however slow the
 * machine. Checkpoints every 500 ms under the configuration's job.checkpointDir.
 */
final class TwoPacedCameras {

    private final String bootstrapServers;
    private final long secondSpanStartS;
    final Path config;
    final Path checkpoints;

    /**
     * @param seconds the clip's length; the second block moves from {@code seconds - 4} to {@code seconds - 2}
     */
    TwoPacedCameras(Path dir, String jobName, int seconds, String bootstrapServers) throws Exception {
        this.bootstrapServers = bootstrapServers;
        this.secondSpanStartS = seconds - 4;
        int frames = seconds * 10;
        Path video = SyntheticVideo.of(160, 120, 10, frames).movingBlock(20, 40).movingBlock(frames - 40, frames - 20)
                .writeTo(dir.resolve("block.mp4"));
        this.checkpoints = dir.resolve("checkpoints");
        this.config = Files.writeString(dir.resolve("job.yaml"), """
                job: { name: %s, parallelism: 2, checkpointInterval: 500ms, checkpointDir: '%s' }
                cameras:
                  - { id: east, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                  - { id: west, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(jobName, checkpoints, video, video, bootstrapServers));
    }

    /** The committed motion events. */
    List<EventRecord> motionEvents() {
        return CommittedEventReader.readAll(bootstrapServers, List.of(EventTopics.DEFAULT_MOTION_TOPIC),
                Duration.ofSeconds(30)).stream().filter(e -> e.type.equals(EventTypes.MOTION)).toList();
    }

    /** Waits for {@code count} committed motion events; on timeout fails with what {@code diagnosis} says. */
    void awaitMotionEvents(int count, int seconds, Supplier<String> diagnosis) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (motionEvents().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count + " motion events within " + seconds + " s; " + diagnosis.get());
            }
            Thread.sleep(300);
        }
    }

    /** Every expected span committed once, none missing, those committed before the interruption among them. */
    void assertEverySpanOnce(List<EventRecord> beforeInterruption) {
        List<EventRecord> motion = motionEvents();
        assertThat(motion).extracting(e -> e.id).doesNotHaveDuplicates();
        assertThat(motion).as("two spans per camera, each once").hasSize(4)
                .extracting(e -> e.camera + "@"
                        + Math.round(CloudEventJson.parse(e.dataJson).path("startOffsetMs").asLong() / 1000.0))
                .containsExactlyInAnyOrder("east@2", "west@2", "east@" + secondSpanStartS, "west@" + secondSpanStartS);
        assertThat(motion).containsAll(beforeInterruption);
    }
}
