package io.sparsight.operators.objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.frames.SplitCameraRecords;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.FailOnceAfterACheckpoint;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object stage end to end on a real MiniCluster, real FFmpeg decoding and the bundled detector: the sample clip
 * (UCSD Ped2 test 04: people walking, a cart crossing right to left at 3-8 s, a cyclist from 12 s) at 10 fps, looked at
 * 5 times a second, gives tracks of people, the cart (COCO's nearest class: car) and the bicycle, and the cart enters
 * the lower right of the picture.
 */
class ObjectsStageITCase {

    private static final Path CLIP = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
    private static final Zone LOWER_RIGHT = new Zone("lower-right", new float[] {0.5f, 0.6f, 1, 0.6f, 1, 1, 0.5f, 1},
            true, Set.of("car"), 0);

    private static List<EventRecord> events;

    @BeforeAll
    static void runTheSampleClip() throws Exception {
        ObjectsConfig config = ObjectsConfig.defaults().withCameras(Map.of("ped2", new CameraObjects(
                List.of("person", "bicycle", "car"), 5, 0.4, List.of(LOWER_RIGHT))));
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        CameraSpec camera = CameraSpec.builder("ped2", CLIP.toString()).sampling(Sampling.parse("full"))
                .size(360, 240).channels(3).build();
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera)),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        events = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = ObjectsStage.events(frames, config).executeAndCollect("objects")) {
            it.forEachRemaining(events::add);
        }
        events.forEach(e -> System.out.println(e.type + " " + e.dataJson));
    }

    @Test
    void peopleTheCartAndTheBicycleEachBecomeTracks() throws Exception {
        Map<String, List<JsonNode>> byClass = new HashMap<>();
        for (EventRecord e : events) {
            if (e.type.equals(EventTypes.OBJECT)) {
                JsonNode data = new ObjectMapper().readTree(e.dataJson);
                byClass.computeIfAbsent(data.get("class").asText(), c -> new ArrayList<>()).add(data);
            }
        }
        assertThat(byClass.keySet()).containsExactlyInAnyOrder("person", "car", "bicycle");
        assertThat(byClass.get("person")).as("about ten people walk in the clip").hasSizeBetween(6, 40);
        JsonNode cart = byClass.get("car").stream().max((a, b) -> Integer.compare(a.get("detections").asInt(),
                b.get("detections").asInt())).orElseThrow();
        assertThat(cart.get("startOffsetMs").asLong()).as("the cart is seen from 3.5 s").isBetween(2_500L, 5_000L);
        JsonNode path = cart.get("path");
        assertThat(path.get(path.size() - 1).get(1).asDouble()).as("it goes right to left")
                .isLessThan(path.get(0).get(1).asDouble() - 30);
        assertThat(cart.get("zones").toString()).isEqualTo("[\"lower-right\"]");
        assertThat(byClass.get("bicycle")).anySatisfy(bike ->
                assertThat(bike.get("startOffsetMs").asLong()).isBetween(11_500L, 15_000L));
    }

    @Test
    void trackIdsAreUniqueAndEveryTrackEndsOnce() throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (EventRecord e : events) {
            if (e.type.equals(EventTypes.OBJECT)) {
                JsonNode data = new ObjectMapper().readTree(e.dataJson);
                ids.add(data.get("track").asInt());
                assertThat(data.get("endOffsetMs").asLong()).isGreaterThan(data.get("startOffsetMs").asLong());
                assertThat(data.get("detections").asInt()).isGreaterThanOrEqualTo(3);
            }
        }
        assertThat(ids).doesNotHaveDuplicates().contains(1);
        assertThat(events).extracting(e -> e.id).doesNotHaveDuplicates();
    }

    @Test
    void theCartEntersAndLeavesTheZoneThatWatchesCarsAndNothingElseIsReportedThere() throws Exception {
        List<String> zoneEvents = new ArrayList<>();
        for (EventRecord e : events) {
            if (e.type.equals(EventTypes.ZONE)) {
                JsonNode data = new ObjectMapper().readTree(e.dataJson);
                assertThat(data.get("class").asText()).isEqualTo("car");
                zoneEvents.add(data.get("action").asText() + " " + data.get("zone").asText());
            }
        }
        assertThat(zoneEvents).startsWith("enter lower-right").contains("leave lower-right");
    }

    /**
     * Tracks and their ids are keyed state: a failure after a checkpoint, with the clip paced like a live camera,
     * restores them, so the people walking from the first frame to the last keep one track each (without the state
     * their tracks would never end, and new ones would start from id 1 again), and no event is sent twice.
     */
    @Test
    void tracksAndTheirIdsSurviveARestore() throws Exception {
        ObjectsConfig config = ObjectsConfig.defaults().withCameras(Map.of("ped2", new CameraObjects(
                List.of("person"), 5, 0.4, List.of())));
        StreamExecutionEnvironment env = TestFlink.restartingEnvironment(1);
        env.enableCheckpointing(500);
        CameraSpec paced = CameraSpec.builder("ped2", CLIP.toString()).sampling(Sampling.parse("full"))
                .size(360, 240).channels(3).playbackSpeed(1).build();
        String failure = UUID.randomUUID().toString();
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(paced)),
                        WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords())
                .map(new FailOnceAfterACheckpoint<>(failure)).returns(VideoFrame.class);
        List<EventRecord> restored = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = ObjectsStage.events(frames, config).executeAndCollect("restore")) {
            it.forEachRemaining(restored::add);
        }
        assertThat(FailOnceAfterACheckpoint.failed(failure)).as("the injected failure happened").isTrue();
        assertThat(restored).extracting(e -> e.id).doesNotHaveDuplicates();
        List<Integer> ids = new ArrayList<>();
        List<String> wholeClip = new ArrayList<>();
        for (EventRecord e : restored) {
            JsonNode data = new ObjectMapper().readTree(e.dataJson);
            ids.add(data.get("track").asInt());
            if (data.get("startOffsetMs").asLong() == 0 && data.get("endOffsetMs").asLong() >= 17_000) {
                wholeClip.add(data.toString());
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(wholeClip).as("people tracked from the first frame to the last, across the failure").isNotEmpty();
    }

    /**
     * A camera that asks for poses has its person tracks carry one (the bundled MoveNet MultiPose): MoveNet finds at
     * most 6 people a frame and the clip has about 8 in view, small; 117 of 286 person sightings got a pose here
     * (2026-12-03), and 98% of their confident keypoints lay on that person's box. Other classes never
     * carry one, and without {@code poses} no track does.
     */
    @Test
    void peopleCarryTheirPoseWhenTheCameraAsksForIt() throws Exception {
        CameraObjects withPoses = new CameraObjects(List.of("person", "bicycle"), 2, 0.4, List.of(), true);
        List<TrackedFrame> seen = trackedFrames(withPoses);
        int people = 0;
        int withPose = 0;
        int keypoints = 0;
        int onTheBox = 0;
        for (TrackedFrame frame : seen) {
            List<io.sparsight.models.tracks.TrackedObject> objects = frame.objects();
            for (var o : objects) {
                if (!o.label().equals("person")) {
                    assertThat(o.hasPose()).as("a %s with a pose", o.label()).isFalse();
                    continue;
                }
                people++;
                if (!o.hasPose()) {
                    continue;
                }
                withPose++;
                float marginX = 0.25f * o.width();
                float marginY = 0.25f * o.height();
                for (int k = 0; k < io.sparsight.models.tracks.TrackedObject.KEYPOINTS; k++) {
                    float x = o.keypoints()[3 * k];
                    float y = o.keypoints()[3 * k + 1];
                    if (o.keypoints()[3 * k + 2] < 0.3f) {
                        continue;
                    }
                    keypoints++;
                    if (x >= o.x1() - marginX && x <= o.x2() + marginX && y >= o.y1() - marginY
                            && y <= o.y2() + marginY) {
                        onTheBox++;
                    }
                }
            }
        }
        System.out.printf("poses: %d of %d person sightings in %d frames; %d of %d confident keypoints on the box%n",
                withPose, people, seen.size(), onTheBox, keypoints);
        assertThat(people).as("person sightings").isGreaterThan(50);
        assertThat(withPose).as("person sightings with a pose").isGreaterThan(people / 4);
        assertThat(keypoints).isGreaterThan(withPose);
        assertThat((double) onTheBox / keypoints).as("confident keypoints on the person's box").isGreaterThan(0.9);

        List<TrackedFrame> without = trackedFrames(withPoses.withPoses(false));
        assertThat(without).isNotEmpty().allSatisfy(frame -> assertThat(frame.keypoints).isNull());
    }

    /** The tracked frames of the sample clip (360x240 colour, 2 frames a second) with these camera settings. */
    private static List<TrackedFrame> trackedFrames(CameraObjects camera) throws Exception {
        ObjectsConfig config = ObjectsConfig.defaults().withCameras(Map.of("ped2", camera));
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        CameraSpec spec = CameraSpec.builder("ped2", CLIP.toString()).sampling(Sampling.parse("fps=2"))
                .size(360, 240).channels(3).build();
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(spec)),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        List<TrackedFrame> seen = new ArrayList<>();
        try (CloseableIterator<TrackedFrame> it = ObjectsStage.run(frames, config).trackedFrames()
                .executeAndCollect("poses")) {
            it.forEachRemaining(seen::add);
        }
        return seen;
    }

    /** A detector that cannot be loaded is an error status of the camera that asked, naming it; nothing else fails. */
    @Test
    void aDetectorThatCannotBeLoadedIsAClearStatusOfTheCamera() throws Exception {
        ObjectsConfig config = ObjectsConfig.defaults().withModel("/nonexistent/detector")
                .withCameras(Map.of("ped2", CameraObjects.defaults()));
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        CameraSpec camera = CameraSpec.builder("ped2", CLIP.toString()).sampling(Sampling.parse("fps=2"))
                .size(180, 120).build();
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera)),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        List<EventRecord> out = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = ObjectsStage.events(frames, config).executeAndCollect("no-model")) {
            it.forEachRemaining(out::add);
        }
        assertThat(out).isNotEmpty().allSatisfy(e -> {
            assertThat(e.type).isEqualTo(EventTypes.CAMERA_STATUS);
            assertThat(e.dataJson).contains("the detector /nonexistent/detector cannot be loaded")
                    .contains("\"state\":\"error\"");
        });
    }
}
