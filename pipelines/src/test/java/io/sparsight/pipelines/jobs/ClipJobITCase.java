package io.sparsight.pipelines.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparsight.operators.clips.ClipsConfig;
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
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The clip stage in the camera job: the sample clip (UCSD Ped2 test 04: people walk, a cart drives through from
 * 3.4 s) with motion and objects, every event of its camera clipped. Events read back committed carry a clip that
 * decodes to the frames of their span with the rolls, and a snapshot (boxes drawn for objects); a store that is full
 * gives events without clips that say why, and a {@code degraded} camera status.
 */
class ClipJobITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void eventsCarryClipsOfTheirSpanWithTheRollsAndSnapshots() throws Exception {
        ClipsConfig clips = clips(dir.resolve("store"));
        CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults())
                .withObjects(ObjectsConfig.defaults().withCameras(Map.of("cam", CameraObjects.defaults())))
                .withClips(clips);
        List<EventRecord> events = run(stages, "clips");

        List<EventRecord> motion = ofType(events, EventTypes.MOTION);
        assertThat(motion).as("motion events").isNotEmpty();
        for (EventRecord event : motion) {
            JsonNode data = CloudEventJson.parse(event.dataJson);
            JsonNode clip = data.path("clip");
            assertThat(clip.path("error").isMissingNode()).as("clip of " + data).isTrue();
            long asked = Instant.parse(data.path("start").asText()).toEpochMilli() - clips.preRollMs();
            long clipStart = Instant.parse(clip.path("start").asText()).toEpochMilli();
            long clipEnd = Instant.parse(clip.path("end").asText()).toEpochMilli();
            long spanEnd = Instant.parse(data.path("end").asText()).toEpochMilli();
            // the pre-roll, or the stream's first frame when the span starts sooner than that
            long streamStart = Instant.parse(data.path("start").asText()).toEpochMilli()
                    - data.path("startOffsetMs").asLong();
            assertThat(clipStart).isBetween(Math.max(asked, streamStart), Math.max(asked, streamStart) + 100);
            assertThat(clipEnd).isGreaterThanOrEqualTo(spanEnd);
            List<Long> times = decode(clip.path("uri").asText());
            assertThat(times).hasSize(clip.path("frames").asInt());
            // every frame of the sample (10 fps) from the clip's start to its end, at their times
            assertThat(times.size()).isEqualTo((int) ((clipEnd - clipStart) / 100) + 1);
            assertThat(times.get(times.size() - 1) / 1000).isBetween(clipEnd - clipStart - 10, clipEnd - clipStart + 10);
            assertThat(ImageIO.read(new File(URI.create(clip.path("snapshot").asText())))).isNotNull();
        }

        List<EventRecord> objects = ofType(events, EventTypes.OBJECT);
        assertThat(objects).as("object events").isNotEmpty();
        for (EventRecord event : objects) {
            JsonNode data = CloudEventJson.parse(event.dataJson);
            JsonNode clip = data.path("clip");
            assertThat(clip.path("uri").asText()).as("clip of " + data).endsWith(event.id + ".mp4");
            BufferedImage snapshot = ImageIO.read(new File(URI.create(clip.path("snapshot").asText())));
            assertThat(snapshot.getWidth()).isEqualTo(data.path("frameWidth").asInt());
            JsonNode box = data.path("bestBox");
            int x = (int) Math.round((box.get(0).asDouble() + box.get(2).asDouble()) / 2);
            int y = (int) Math.round(box.get(1).asDouble());
            int edge = snapshot.getRGB(Math.min(x, snapshot.getWidth() - 1), Math.max(0, Math.min(y, snapshot
                    .getHeight() - 1)));
            assertThat(((edge >> 16) & 0xff) - (edge & 0xff)).as("the box's amber top edge in " + clip)
                    .isGreaterThan(60);
        }
        try (var files = Files.list(dir.resolve("store").resolve("cam"))) {
            assertThat(files.count()).isEqualTo(2L * (motion.size() + objects.size()
                    + ofType(events, EventTypes.ZONE).size()));
        }
    }

    @Test
    void aFullStoreGivesEventsWithoutClipsAndADegradedStatus() throws Exception {
        Path full = Files.createDirectories(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", full.toString()),
                "mounting a 16 KiB tmpfs needs root (as .ci/run has); without it a full disk cannot be made here");
        try {
            CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults()).withClips(clips(full));
            List<EventRecord> events = run(stages, "full");
            List<EventRecord> motion = ofType(events, EventTypes.MOTION);
            assertThat(motion).as("motion events, sent without clips").isNotEmpty();
            for (EventRecord event : motion) {
                JsonNode clip = CloudEventJson.parse(event.dataJson).path("clip");
                assertThat(clip.path("uri").isMissingNode()).isTrue();
                assertThat(clip.path("error").asText()).contains("is full");
            }
            assertThat(ofType(events, EventTypes.CAMERA_STATUS)).as("status events")
                    .anyMatch(e -> CloudEventJson.parse(e.dataJson).path("state").asText().equals("degraded")
                            && CloudEventJson.parse(e.dataJson).path("reason").asText().contains("is full"));
        } finally {
            run("umount", full.toString());
        }
    }

    private ClipsConfig clips(Path store) {
        return ClipsConfig.defaults().withStore(store.toString()).withCameras(Set.of("cam"))
                .withTypes(Set.of(EventTypes.MOTION, EventTypes.OBJECT, EventTypes.ZONE));
    }

    private List<EventRecord> run(CameraStages stages, String name) throws Exception {
        String suffix = UUID.randomUUID().toString();
        EventTopics topics = EventTopics.defaults()
                .with(EventTypes.MOTION, "motion-" + suffix)
                .with(EventTypes.OBJECT, "objects-" + suffix)
                .with(EventTypes.ZONE, "objects-" + suffix)
                .with(EventTypes.CAMERA_STATUS, "status-" + suffix);
        kafka.createTopics(topics.allTopics());
        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
        CameraSpec camera = CameraSpec.builder("cam", SAMPLE.toString()).sampling(Sampling.full()).size(360, 240)
                .channels(3).build();
        CameraJob.build(env, VideoSource.bounded(List.of(camera)), CameraJob.SOURCE_IDLENESS, stages, null,
                KafkaEventSink.builder().bootstrapServers(kafka.bootstrapServers())
                        .transactionalIdPrefix("it-" + suffix).topics(topics).build());
        env.execute("clip-it-" + name);
        EventContract.assertValid(CommittedEventReader.readRecords(kafka.bootstrapServers(), topics.allTopics(),
                "read_committed", READ_TIMEOUT));
        return CommittedEventReader.readAll(kafka.bootstrapServers(), topics.allTopics(), READ_TIMEOUT);
    }

    private static List<EventRecord> ofType(List<EventRecord> events, String type) {
        return events.stream().filter(e -> e.type.equals(type)).toList();
    }

    /** The presentation times (microseconds) of a clip's frames, decoded back. */
    private static List<Long> decode(String uri) throws Exception {
        List<Long> times = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new File(URI.create(uri)))) {
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                times.add(frame.timestamp);
            }
        }
        return times;
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
