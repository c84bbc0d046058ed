package io.sparsight.models.diffusion;

import ai.djl.Model;
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

import static org.assertj.core.api.Assertions.assertThat;
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
