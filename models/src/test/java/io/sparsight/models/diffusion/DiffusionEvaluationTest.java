package io.sparsight.models.diffusion;

import ai.djl.Model;
import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.FrameScores;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class DiffusionEvaluationTest {

    /** 16x8 frames in 4x4 patches, 2 condition frames and 1 target frame. */
    private static final VideoDitBlock.Hyperparameters HP = new VideoDitBlock.Hyperparameters(16, 8, 4, 2, 1, 16, 2, 1);

    @TempDir
    Path dir;

    @Test
    void gapsAreCutOnlyFromNormalRunsAndFilledByTheRepairTask() throws Exception {
        FrameSequence video = movingBlock(30);
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f);
        try (Model trained = new DiffusionTrainer(settings).train(List.of(video), dir.resolve("work"), new Quiet());
             DiffusionModel model = DiffusionModel.of(trained, DiffusionModel.manifestFor("t", settings, 2))) {
            boolean[] normal = new boolean[30];
            Arrays.fill(normal, true);
            DiffusionEvaluation.RepairQuality all = DiffusionEvaluation.repair(model, List.of(video), List.of(normal),
                    4, 7);
            assertThat(all.frames()).as("a gap of 1 frame in each of the 10 runs of 3").isEqualTo(10);

            normal[4] = false; // the run of frames 3-5 is no longer all normal
            DiffusionEvaluation.RepairQuality some = DiffusionEvaluation.repair(model, List.of(video), List.of(normal),
                    4, 7);
            assertThat(some.frames()).isEqualTo(9);

            boolean[] first = new boolean[30];
            Arrays.fill(first, 0, 3, true); // only the run of frames 0-2: frame 1 filled from 0 and 2
            DiffusionEvaluation.RepairQuality one = DiffusionEvaluation.repair(model, List.of(video), List.of(first),
                    4, 7);
            float[] filled = model.repair(List.<float[][]>of(new float[][] {video.frames().get(0)}),
                    List.<float[][]>of(new float[][] {video.frames().get(2)}), new long[] {8}).get(0)[0];
            assertThat(one.frames()).isEqualTo(1);
            assertThat(one.repairPsnrDb()).isCloseTo(FrameScores.psnr(filled, video.frames().get(1)),
                    offset(1e-9));
        }
    }

    @Test
    void predictionsTakeTheStepsTheModelRecords() throws Exception {
        FrameSequence video = movingBlock(12);
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f);
        ModelManifest manifest = DiffusionModel.manifestFor("t", settings, 3);
        float[][] past = {video.frames().get(0), video.frames().get(1)};
        try (Model trained = new DiffusionTrainer(settings).train(List.of(video), dir.resolve("work"), new Quiet());
             DiffusionModel model = DiffusionModel.of(trained, manifest)) {
            assertThat(model.predictionSteps()).as("samplerSteps without predictionSteps").isEqualTo(3);
            float[] threeSteps = model.predict(List.<float[][]>of(past), new long[] {5}).get(0)[0];
            assertThat(threeSteps).containsExactly(model.predict(List.<float[][]>of(past), new long[] {5}, 3).get(0)[0]);
            manifest.hyperparameters.put(DiffusionModel.PREDICTION_STEPS, 1);
            assertThat(model.predictionSteps()).isEqualTo(1);
            assertThat(model.predict(List.<float[][]>of(past), new long[] {5}).get(0)[0])
                    .containsExactly(model.predict(List.<float[][]>of(past), new long[] {5}, 1).get(0)[0])
                    .isNotEqualTo(threeSteps);
        }
    }

    @Test
    void oneSampleScoresItsOwnErrorAndSeveralTheErrorInUnitsOfTheirSpread() throws Exception {
        FrameSequence video = twiceAsLarge(movingBlock(12)); // 32x16: room for a worst region
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(
                new VideoDitBlock.Hyperparameters(32, 16, 8, 2, 1, 16, 2, 1), 1, 3L, 4, 3e-3f);
        try (Model trained = new DiffusionTrainer(settings).train(List.of(video), dir.resolve("work"), new Quiet());
             DiffusionModel model = DiffusionModel.of(trained, DiffusionModel.manifestFor("t", settings, 2))) {
            assertThat(DiffusionEvaluation.score(model, video, 4, 7, 2, 1).framePsnr())
                    .containsExactly(DiffusionEvaluation.score(model, video, 4, 7, 2).framePsnr());
            double[] spread = DiffusionEvaluation.score(model, video, 3, 7, 2, 4).framePsnr();
            assertThat(DiffusionEvaluation.score(model, video, 4, 7, 2, 4).framePsnr())
                    .as("whatever the batch, to the last digits a batch size changes").containsExactly(spread,
                            offset(1e-6));

            float[][] past = {video.frames().get(2), video.frames().get(3)};
            List<float[]> samples = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                samples.add(model.predict(List.<float[][]>of(past), new long[] {7 + 4 + 100_003L * j}, 2).get(0)[0]);
            }
            float[] z = DiffusionEvaluation.standardisedError(samples, video.frames().get(4),
                    DiffusionEvaluation.SPREAD_FLOOR);
            assertThat(spread[4]).isCloseTo(FrameScores.psnr(z, new float[z.length]), offset(1e-9));
        }
    }

    @Test
    void framesAreScoredByPredictionsTheScoreStrideApart() throws Exception {
        FrameSequence video = twiceAsLarge(movingBlock(12)); // 32x16: room for a worst region
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(
                new VideoDitBlock.Hyperparameters(32, 16, 8, 3, 2, 16, 2, 1), 1, 3L, 4, 3e-3f);
        ModelManifest manifest = DiffusionModel.manifestFor("t", settings, 2);
        try (Model trained = new DiffusionTrainer(settings).train(List.of(video), dir.resolve("work"), new Quiet());
             DiffusionModel model = DiffusionModel.of(trained, manifest)) {
            assertThat(model.scoreStride()).as("without scoreStride: every predicted frame").isEqualTo(2);
            double[] everyOther = DiffusionEvaluation.score(model, video, 4, 7, 2).framePsnr();
            assertThat(everyOther[6]).as("frame 6: the second frame predicted from frames 2-4")
                    .isCloseTo(FrameScores.psnr(predicted(model, video, 5, 1), video.frames().get(6)), offset(1e-9));

            manifest.hyperparameters.put(DiffusionModel.SCORE_STRIDE, 1);
            assertThat(model.scoreStride()).isEqualTo(1);
            double[] everyFrame = DiffusionEvaluation.score(model, video, 4, 7, 2).framePsnr();
            for (int t = 3; t < 12; t++) {
                assertThat(everyFrame[t]).as("frame %d: the first frame predicted from the three before it", t)
                        .isCloseTo(FrameScores.psnr(predicted(model, video, t, 0), video.frames().get(t)),
                                offset(1e-9));
            }
            assertThat(everyFrame[5]).as("a frame that starts a stride either way").isEqualTo(everyOther[5]);

            Map<Integer, AnomalyEvaluation.VideoScores> both = DiffusionEvaluation.scoreEach(model, video, 4, 7, 2,
                    new int[] {1, 4}, 1);
            assertThat(both.get(1).framePsnr()).as("1 sample: the first of the 4 draws").containsExactly(everyFrame);
            assertThat(both.get(4).regionPsnr()).containsExactly(
                    DiffusionEvaluation.score(model, video, 4, 7, 2, 4).regionPsnr(), offset(1e-6));

            manifest.hyperparameters.put(DiffusionModel.SCORE_STRIDE, 3);
            assertThatThrownBy(model::scoreStride).hasMessageContaining("score stride is 1 to the model's 2");
        }
    }

    /** Frame {@code f} of the prediction from the 3 frames before frame {@code t}, with the evaluation's seed. */
    private static float[] predicted(DiffusionModel model, FrameSequence video, int t, int f) {
        float[][] past = {video.frames().get(t - 3), video.frames().get(t - 2), video.frames().get(t - 1)};
        return model.predict(List.<float[][]>of(past), new long[] {7 + t}, 2).get(0)[f];
    }

    @Test
    void theStandardisedErrorIsTheErrorFromTheSamplesMeanOverTheirSpread() {
        List<float[]> samples = List.of(new float[] {0.0f, 0.5f}, new float[] {0.2f, 0.5f});
        float[] z = DiffusionEvaluation.standardisedError(samples, new float[] {0.3f, 0.6f}, 1e-4);

        assertThat(z[0]).as("0.2 from the mean, spread 0.1").isCloseTo((float) Math.sqrt(0.04 / (0.01 + 1e-4)),
                offset(1e-5f));
        assertThat(z[1]).as("0.1 from samples that agree: only the floor").isCloseTo((float) Math.sqrt(0.01 / 1e-4),
                offset(1e-3f));
    }

    private static FrameSequence twiceAsLarge(FrameSequence video) {
        List<float[]> out = new ArrayList<>();
        for (float[] frame : video.frames()) {
            float[] large = new float[4 * frame.length];
            for (int y = 0; y < 2 * video.height(); y++) {
                for (int x = 0; x < 2 * video.width(); x++) {
                    large[y * 2 * video.width() + x] = frame[(y / 2) * video.width() + x / 2];
                }
            }
            out.add(large);
        }
        return new FrameSequence(video.name(), 2 * video.width(), 2 * video.height(), out);
    }

    /** A bright 4x4 block moving one pixel right per frame over a dark background. */
    private static FrameSequence movingBlock(int frames) {
        List<float[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            float[] frame = new float[16 * 8];
            Arrays.fill(frame, 0.2f);
            for (int y = 2; y < 6; y++) {
                for (int x = f % 12; x < f % 12 + 4; x++) {
                    frame[y * 16 + x] = 0.9f;
                }
            }
            out.add(frame);
        }
        return new FrameSequence("block", 16, 8, out);
    }

    private static final class Quiet implements TrainingListener {
        @Override
        public void onStep(int epoch, int step, int steps, float loss) {}

        @Override
        public void onEpoch(int epoch, float meanLoss, double seconds) {}
    }
}
