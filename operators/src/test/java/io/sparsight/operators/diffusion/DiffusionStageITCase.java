package io.sparsight.operators.diffusion;

import ai.djl.Device;
import ai.djl.Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.anomaly.FrameScores;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.GreyPixels;
import io.sparsight.models.diffusion.DiffusionEvaluation;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.DiffusionTrainer;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.models.runtime.TrainingListener;
import io.sparsight.operators.anomaly.PedestrianScene;
import io.sparsight.operators.clips.ClipStage;
import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.frames.SplitCameraRecords;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diffusion stage end to end on a real MiniCluster and real FFmpeg decoding: a small video DiT is trained here
 * (one libtorch thread, fixed seed) on the generated walkway of the anomaly tests, then a video of the same walkway
 * where an abnormal object (bigger, five times as fast) crosses after ten seconds runs through source, prediction
 * and spans.
 */
class DiffusionStageITCase {

    private static final int NORMAL_FRAMES = 100;
    private static final int ABNORMAL_FRAMES = 30;
    private static final int FPS = 10;
    /** 48x32 in 8x8 patches: 4 past and 2 predicted frames, 144 tokens; width 32, 2 heads, 2 layers. */
    private static final VideoDitBlock.Hyperparameters HP =
            new VideoDitBlock.Hyperparameters(PedestrianScene.WIDTH, PedestrianScene.HEIGHT, 8, 4, 2, 32, 2, 2);

    @TempDir
    static Path dir;
    static Path modelDir;

    @BeforeAll
    static void trainOnNormalFootage() throws Exception {
        List<FrameSequence> videos = new ArrayList<>();
        for (int phase : new int[] {0, 23}) {
            Path normal = PedestrianScene.write(dir.resolve("normal-" + phase + ".mp4"), 150, phase, -1, -1);
            videos.add(new FrameSequence("normal-" + phase, PedestrianScene.WIDTH, PedestrianScene.HEIGHT,
                    PedestrianScene.read(normal)));
        }
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 8, 7L, 8, 3e-3f);
        modelDir = dir.resolve("model");
        ModelManifest manifest = DiffusionModel.manifestFor("walkway", settings, 2);
        try (Model model = new DiffusionTrainer(settings).train(videos, dir.resolve("work"), new QuietListener())) {
            DiffusionEvaluation.baseline(DiffusionModel.of(model, manifest), videos, 8, 42).writeTo(manifest);
            ModelStore.save(model, manifest, modelDir);
        }
    }

    @Test
    void anAbnormalObjectGivesOnePredictionEventCoveringItAndNoneBefore() throws Exception {
        Path video = PedestrianScene.write(dir.resolve("test.mp4"), NORMAL_FRAMES + ABNORMAL_FRAMES + 40, 51,
                NORMAL_FRAMES, NORMAL_FRAMES + ABNORMAL_FRAMES);
        // batches of exactly 4 strides: a timeout that never comes before the 4th, so timing changes nothing
        DiffusionConfig config = DiffusionConfig.defaults().withModel(modelDir.toString()).withBatching(4, 600_000);

        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera("walkway", video))),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        List<EventRecord> events = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = DiffusionStage.events(frames, config).executeAndCollect("diffusion-it")) {
            it.forEachRemaining(events::add);
        }
        events.forEach(e -> System.out.println("prediction event: " + e.dataJson));

        // 2026-12-01: one event, 10.4-16.9 s, peak 0.711, normal PSNR 10.14 dB, lowest 9.31 (a small model, 8 epochs)
        assertThat(events).hasSize(1);
        JsonNode data = new ObjectMapper().readTree(events.get(0).dataJson);
        long abnormalStartMs = NORMAL_FRAMES * 1000L / FPS;
        long abnormalEndMs = (NORMAL_FRAMES + ABNORMAL_FRAMES) * 1000L / FPS;
        assertThat(events.get(0).type).isEqualTo(EventTypes.PREDICTION);
        assertThat(data.get("startOffsetMs").asLong()).as("starts with the abnormal object, not before")
                .isBetween(abnormalStartMs, abnormalStartMs + 1000);
        assertThat(data.get("endOffsetMs").asLong()).as("lasts while it is in the picture")
                .isGreaterThanOrEqualTo(abnormalEndMs - 1000);
        assertThat(data.get("lowestPsnrDb").asDouble()).as("the prediction missed the object")
                .isLessThan(data.get("normalPsnrDb").asDouble());
        assertThat(data.get("model").asText()).isEqualTo(modelDir.toString());
    }

    @Test
    void aPredictionEventsComparisonClipShowsTheRealFramesBesideThePredictedOnes() throws Exception {
        Path video = PedestrianScene.write(dir.resolve("clips.mp4"), NORMAL_FRAMES + ABNORMAL_FRAMES + 40, 51,
                NORMAL_FRAMES, NORMAL_FRAMES + ABNORMAL_FRAMES);
        DiffusionConfig config = DiffusionConfig.defaults().withModel(modelDir.toString()).withBatching(4, 600_000);
        ClipsConfig clips = ClipsConfig.defaults().withStore(dir.resolve("clips").toString())
                .withCameras(Set.of("walkway"));

        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera("walkway", video))),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        DiffusionStage.Outputs outputs = DiffusionStage.run(frames, config);
        List<EventRecord> events = new ArrayList<>();
        try (CloseableIterator<EventRecord> it = ClipStage.events(frames.union(outputs.predictedFrames()),
                outputs.events(), clips).executeAndCollect("diffusion-clips-it")) {
            it.forEachRemaining(events::add);
        }
        List<EventRecord> predictions = events.stream().filter(e -> e.type.equals(EventTypes.PREDICTION)).toList();
        assertThat(predictions).hasSize(1);
        JsonNode data = new ObjectMapper().readTree(predictions.get(0).dataJson);
        JsonNode clip = data.get("clip");
        assertThat(clip.get("uri").asText()).endsWith(predictions.get(0).id + ".mp4");
        long spanFrames = (data.get("endOffsetMs").asLong() - data.get("startOffsetMs").asLong()) * FPS / 1000 + 1;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new File(URI.create(clip.get("predicted").asText())))) {
            grabber.start();
            // the 48x32 camera frame, then the 48x32 prediction at the same height
            assertThat(grabber.getImageWidth()).isEqualTo(2 * PedestrianScene.WIDTH);
            assertThat(grabber.getImageHeight()).isEqualTo(PedestrianScene.HEIGHT);
            int decoded = 0;
            while (grabber.grabImage() != null) {
                decoded++;
            }
            assertThat(decoded).as("a comparison frame per predicted frame of the span").isEqualTo(spanFrames);
        }
    }

    @Test
    void aStreamWithAGapGivesARepairEventAndSyntheticFramesWhereTheLostFramesWere() throws Exception {
        // frames 40-42 lost (300 ms): 40-41 predicted forward from 36-39, then 42 repaired (with real 43 in its chunk)
        // between the filled 40-41 and the real 44-45, so the repair completes when frame 45 arrives
        Path video = PedestrianScene.write(dir.resolve("gap.mp4"), 80, 51, -1, -1, 40, 43);
        DiffusionConfig config = DiffusionConfig.defaults().withModel(modelDir.toString()).withBatching(4, 600_000);

        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera("walkway", video))),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        DiffusionStage.Outputs outputs = DiffusionStage.run(frames, config);
        List<EventRecord> events = new ArrayList<>();
        List<VideoFrame> synthetic = new ArrayList<>();
        try (CloseableIterator<EventRecord> eventIt = outputs.events().collectAsync();
             CloseableIterator<VideoFrame> frameIt = outputs.syntheticFrames().collectAsync()) {
            env.execute("diffusion-repair-it");
            eventIt.forEachRemaining(events::add);
            frameIt.forEachRemaining(synthetic::add);
        }
        events.forEach(e -> System.out.println("diffusion event: " + e.type + " " + e.dataJson));

        List<EventRecord> repairs = events.stream().filter(e -> e.type.equals(EventTypes.REPAIR)).toList();
        assertThat(repairs).as("one repair, for the one gap").hasSize(1);
        JsonNode data = new ObjectMapper().readTree(repairs.get(0).dataJson);
        assertThat(data.get("frames").asInt()).isEqualTo(3);
        assertThat(data.get("startOffsetMs").asLong()).isEqualTo(4000);
        assertThat(data.get("endOffsetMs").asLong()).isEqualTo(4200);
        assertThat(data.get("lastRealOffsetMs").asLong()).isEqualTo(3900);
        assertThat(data.get("nextRealOffsetMs").asLong()).isEqualTo(4300);
        assertThat(data.get("intervalMs").asLong()).isEqualTo(100);
        assertThat(data.get("model").asText()).isEqualTo(modelDir.toString());

        assertThat(synthetic).extracting(f -> f.streamOffsetMs).containsExactly(4000L, 4100L, 4200L);
        for (VideoFrame frame : synthetic) {
            assertThat(frame.synthetic).as("flagged synthetic").isTrue();
            assertThat(frame.frameIndex).as("no decoded frame").isEqualTo(-1);
            assertThat(frame.cameraId).isEqualTo("walkway");
            assertThat(frame.pixels).hasSize(PedestrianScene.WIDTH * PedestrianScene.HEIGHT);
        }
        // what was lost looks like the walkway: closer to the real frames than the last frame before the gap is
        List<float[]> truth = PedestrianScene.read(PedestrianScene.write(dir.resolve("whole.mp4"), 80, 51, -1, -1));
        for (int j = 0; j < 3; j++) {
            double filled = FrameScores.psnr(GreyPixels.toUnitRange(synthetic.get(j).pixels), truth.get(40 + j));
            System.out.printf("filled frame %d: %.2f dB against the lost frame%n", 40 + j, filled);
        }
    }

    @Test
    void withAScoreStrideOfOneEveryFrameIsPredictedFromTheFramesJustBeforeIt() throws Exception {
        Path strideOne = dir.resolve("model-stride-1");
        Files.createDirectories(strideOne);
        try (Stream<Path> files = Files.list(modelDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, strideOne.resolve(file.getFileName()));
            }
        }
        ModelManifest manifest = ModelStore.readManifest(strideOne);
        manifest.hyperparameters.put(DiffusionModel.SCORE_STRIDE, 1);
        ModelStore.writeManifest(manifest, strideOne);
        Path video = PedestrianScene.write(dir.resolve("stride.mp4"), 30, 51, -1, -1);
        DiffusionConfig config = DiffusionConfig.defaults().withModel(strideOne.toString()).withBatching(4, 600_000);

        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera("walkway", video))),
                WatermarkStrategy.forMonotonousTimestamps(), "video").process(new SplitCameraRecords());
        List<VideoFrame> predicted = new ArrayList<>();
        try (CloseableIterator<VideoFrame> it = DiffusionStage.run(frames, config).predictedFrames()
                .executeAndCollect("diffusion-stride-it")) {
            it.forEachRemaining(predicted::add);
        }

        int m = HP.conditionFrames();
        assertThat(predicted).extracting(f -> f.frameIndex).as("each frame once, from the first with %d before it", m)
                .containsExactlyElementsOf(LongStream.range(m, 30).boxed().toList());
        List<float[]> truth = PedestrianScene.read(video);
        try (DiffusionModel model = DiffusionModel.load(strideOne, Device.cpu())) {
            for (VideoFrame frame : predicted) {
                int t = (int) frame.frameIndex;
                float[] expected = model.predict(List.<float[][]>of(truth.subList(t - m, t).toArray(new float[0][])),
                        new long[] {config.seed() + t}).get(0)[0];
                double agreement = FrameScores.psnr(GreyPixels.toUnitRange(frame.pixels), expected);
                System.out.printf("frame %d: stage's prediction against the model's, %.2f dB%n", t, agreement);
                assertThat(agreement).as("frame %d: predicted from the %d before it (to the byte)", t, m)
                        .isGreaterThan(50);
            }
        }
    }

    private static CameraSpec camera(String id, Path video) {
        return CameraSpec.builder(id, video.toString())
                .sampling(Sampling.parse("full"))
                .size(PedestrianScene.WIDTH, PedestrianScene.HEIGHT)
                .build();
    }

    private static final class QuietListener implements TrainingListener {
        @Override
        public void onStep(int epoch, int step, int steps, float loss) {}

        @Override
        public void onEpoch(int epoch, float meanLoss, double seconds) {
            System.out.printf("diffusion epoch %d: loss %.5f (%.1f s)%n", epoch, meanLoss, seconds);
        }

        @Override
        public void onNote(String line) {
            System.out.println("diffusion training: " + line);
        }
    }
}
