package io.sparsight.models.grounding;

import ai.djl.Model;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.VideoClip;
import io.sparsight.models.grounding.GroundingBlock.Hyperparameters;
import io.sparsight.models.grounding.GroundingBlock.VisualPrompt;
import io.sparsight.models.runtime.TrainingCheckpoint;
import io.sparsight.models.runtime.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class GroundingTrainerTest {

    private static final Hyperparameters TINY =
            new Hyperparameters(8, 3, 16, 16, 8, 32, 4, 1, 2, VisualPrompt.FRAMEPAD, 2);

    @TempDir
    Path dir;

    /** 4 s clips at 4 fps in which a white square shows during the query's moment. */
    private static Map<String, VideoClip> clips(List<GroundingSample> queries, Random random) {
        Map<String, VideoClip> clips = new HashMap<>();
        for (int v = 0; v < 24; v++) {
            int from = random.nextInt(10);
            int to = from + 3 + random.nextInt(16 - from - 3);
            List<byte[]> frames = new ArrayList<>();
            for (int f = 0; f < 16; f++) {
                byte[] frame = new byte[3 * 16 * 16];
                if (f >= from && f < to) {
                    for (int c = 0; c < 3; c++) {
                        for (int y = 4; y < 12; y++) {
                            for (int x = 4; x < 12; x++) {
                                frame[(c * 16 + y) * 16 + x] = (byte) 255;
                            }
                        }
                    }
                }
                frames.add(frame);
            }
            String id = "v" + v;
            clips.put(id, new VideoClip(id, 16, 16, 4, frames));
            queries.add(new GroundingSample(id, new Moment(from / 4.0, to / 4.0), "a square shows", 4));
        }
        return clips;
    }

    @Test
    void epochsLowerTheLossAndARunResumesFromItsCheckpoint() throws Exception {
        Random random = new Random(3);
        List<GroundingSample> queries = new ArrayList<>();
        Map<String, VideoClip> clips = clips(queries, random);
        Function<String, float[]> text = s -> new float[] {1, 0, 0, 0, 0, 0, 0, 1};
        GroundingTrainingSettings settings = GroundingTrainingSettings.defaults().withArchitecture(TINY)
                .withBatchSize(8).withEpochs(6).withSeed(5);
        List<Float> losses = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path work = dir.resolve("work");
        try (Model model = new GroundingTrainer(settings).train(clips, queries, queries.subList(0, 4), text, work,
                listener(losses, notes, new int[1]))) {
            assertThat(model.getBlock()).isInstanceOf(GroundingBlock.class);
        }
        System.out.println("epoch losses " + losses);
        assertThat(losses).hasSize(6);
        assertThat(losses.get(5)).as("last epoch vs first").isLessThan(losses.get(0));
        assertThat(notes).anyMatch(n -> n.contains("validation: R@1"));

        int[] resumedAfter = {0};
        List<Float> more = new ArrayList<>();
        try (Model model = new GroundingTrainer(settings.withEpochs(7)).train(clips, queries, List.of(), text, work,
                listener(more, new ArrayList<>(), resumedAfter))) {
            assertThat(resumedAfter[0]).isEqualTo(6);
            assertThat(more).as("only the seventh epoch ran").hasSize(1);
        }
        TrainingCheckpoint.delete(work);
        assertThat(Files.exists(work)).isFalse();
    }

    private static TrainingListener listener(List<Float> losses, List<String> notes, int[] resumedAfter) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int steps, float loss) {}

            @Override
            public void onEpoch(int epoch, float meanLoss, double seconds) {
                losses.add(meanLoss);
            }

            @Override
            public void onResume(int epochsDone) {
                resumedAfter[0] = epochsDone;
            }

            @Override
            public void onNote(String line) {
                notes.add(line);
            }
        };
    }
}
