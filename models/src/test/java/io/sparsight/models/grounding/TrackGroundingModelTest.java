package io.sparsight.models.grounding;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.models.runtime.TrainingListener;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.models.tracks.TrackedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrackGroundingModelTest {

    private static final TrackGroundingBlock.Hyperparameters TINY =
            new TrackGroundingBlock.Hyperparameters(8, 3, TrackWindow.FEATURES, 8, 16, 2, 1, 1, 2);

    @TempDir
    Path dir;

    /** Class and sentence "embeddings" for the tiny model: a few fixed vectors. */
    private static final Function<String, float[]> TEXT = s -> switch (s) {
        case "person" -> new float[] {1, 0, 0, 0, 0, 0, 0, 0};
        case "dog" -> new float[] {0, 1, 0, 0, 0, 0, 0, 0};
        case "the person runs" -> new float[] {1, 0, 0, 0, 1, 0, 0, 0};
        default -> new float[] {0, 1, 0, 0, 0, 1, 0, 0};
    };

    /**
     * 4 s videos at 10 fps: a person who stands, runs across during the query's moment, then stands again; a dog
     * that wanders the whole time.
     */
    private static Map<String, TrackVideo> videos(List<GroundingSample> queries, Random random) {
        Map<String, TrackVideo> videos = new HashMap<>();
        for (int v = 0; v < 32; v++) {
            int from = random.nextInt(24);
            int to = from + 8 + random.nextInt(40 - from - 8);
            List<List<TrackedObject>> frames = new ArrayList<>();
            float x = 0.1f;
            for (int f = 0; f < 40; f++) {
                if (f >= from && f < to) {
                    x += 0.8f / (to - from);
                }
                float dogX = 0.5f + 0.2f * (float) Math.sin(f / 5.0);
                frames.add(List.of(new TrackedObject(1, "person", x - 0.05f, 0.5f, x + 0.05f, 0.9f, 0.9f, null),
                        new TrackedObject(2, "dog", dogX - 0.04f, 0.8f, dogX + 0.04f, 0.9f, 0.8f, null)));
            }
            String id = "v" + v;
            videos.put(id, new TrackVideo(id, 100, 100, 10, frames));
            queries.add(new GroundingSample(id, new Moment(from / 10.0, to / 10.0), "the person runs", 4));
        }
        return videos;
    }

    @Test
    void trainingLowersTheLossAndTheSavedModelAnswersAsTrained() throws Exception {
        List<GroundingSample> queries = new ArrayList<>();
        Map<String, TrackVideo> videos = videos(queries, new Random(4));
        TrackGrounding network = new TrackGrounding(TINY, videos, TEXT);
        GroundingTrainingSettings settings = GroundingTrainingSettings.defaults().withBatchSize(8).withEpochs(5)
                .withSeed(9);
        List<Float> losses = new ArrayList<>();
        Path out = dir.resolve("model");
        try (Model model = new GroundingTrainer(settings).train(network, queries, List.of(), TEXT, dir.resolve("work"),
                epochLosses(losses))) {
            assertThat(model.getBlock()).isInstanceOf(TrackGroundingBlock.class);
            ModelStore.save(model, TrackGroundingModel.manifestFor("tiny", TINY), out);
        }
        assertThat(losses).hasSize(5);
        assertThat(losses.get(4)).as("last epoch vs first").isLessThan(losses.get(0));

        TrackVideo video = videos.get("v0");
        TrackWindow.Encoded window = TrackWindow.encode(video.frames(), video.fps(), video.aspect(), 0, 4, 8, 3);
        float[] sentences = new float[2 * 8];
        System.arraycopy(TEXT.apply("the person runs"), 0, sentences, 0, 8);
        System.arraycopy(TEXT.apply("the dog sits"), 0, sentences, 8, 8);
        try (TrackGroundingModel loaded = TrackGroundingModel.load(out, Devices.chosen())) {
            List<GroundingModel.Prediction> shared = loaded.predictWindow(window, TEXT, sentences, 2);
            // the same as the whole block run on the window once per sentence
            for (int q = 0; q < 2; q++) {
                GroundingModel.Prediction alone = forward(loaded, network, q == 0 ? "the person runs" : "the dog sits");
                assertThat(shared.get(q).start()).isCloseTo(alone.start(), within(1e-5));
                assertThat(shared.get(q).end()).isCloseTo(alone.end(), within(1e-5));
                assertThat(shared.get(q).presence()).isCloseTo(alone.presence(), within(1e-5));
            }
        }
    }

    private static GroundingModel.Prediction forward(TrackGroundingModel model, TrackGrounding network, String text) {
        try (NDManager manager = model.model().getNDManager().newSubManager()) {
            NDList inputs = network.windows(manager, List.of(new VideoWindow("v0", 0, 4)));
            inputs.add(manager.create(TEXT.apply(text), new Shape(1, 8)));
            return GroundingModel.predictions(model.model().getBlock()
                    .forward(new ParameterStore(manager, false), inputs, false), 1).get(0);
        }
    }

    private static TrainingListener epochLosses(List<Float> losses) {
        return new TrainingListener() {
            @Override
            public void onEpoch(int epoch, float meanLoss, double seconds) {
                losses.add(meanLoss);
            }
        };
    }
}
