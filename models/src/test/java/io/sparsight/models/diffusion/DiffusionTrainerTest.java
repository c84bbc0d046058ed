package io.sparsight.models.diffusion;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class DiffusionTrainerTest {

    private static final VideoDitBlock.Hyperparameters HP = new VideoDitBlock.Hyperparameters(16, 8, 4, 2, 1, 16, 2, 2);

    @TempDir
    Path dir;

    /** A bright 4x4 block moving one pixel right per frame over a dark background. */
    private static FrameSequence movingBlock(int frames) {
        List<float[]> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            float[] frame = new float[16 * 8];
            java.util.Arrays.fill(frame, 0.2f);
            for (int y = 2; y < 6; y++) {
                for (int x = f % 12; x < f % 12 + 4; x++) {
                    frame[y * 16 + x] = 0.9f;
                }
            }
            out.add(frame);
        }
        return new FrameSequence("block", 16, 8, out);
    }

    /** Mean loss of each finished epoch, and how many epochs a resume skipped. */
    private static final class Losses implements TrainingListener {
        final List<Float> epochs = new ArrayList<>();
        int resumedAfter;

        @Override
        public void onStep(int epoch, int step, int steps, float loss) {}

        @Override
        public void onEpoch(int epoch, float meanLoss, double seconds) {
            epochs.add(meanLoss);
        }

        @Override
        public void onResume(int epochsDone) {
            resumedAfter = epochsDone;
        }
    }

    @Test
    void theLossFallsAndAStoppedRunResumesAfterItsLastEpoch() throws Exception {
        List<FrameSequence> videos = List.of(movingBlock(40));
        Losses first = new Losses();
        DiffusionTrainer.Settings two = new DiffusionTrainer.Settings(HP, 2, 7L, 4, 3e-3f);
        try (Model ignored = new DiffusionTrainer(two).train(videos, dir.resolve("work"), first)) {
            assertThat(first.epochs).hasSize(2);
        }
        Losses more = new Losses();
        DiffusionTrainer.Settings six = new DiffusionTrainer.Settings(HP, 6, 7L, 4, 3e-3f);
        try (Model ignored = new DiffusionTrainer(six).train(videos, dir.resolve("work"), more)) {
            assertThat(more.resumedAfter).isEqualTo(2);
            assertThat(more.epochs).hasSize(4);
        }
        assertThat(more.epochs.get(3)).as("the flow-matching loss falls with training (first epoch %s)", first.epochs.get(0))
                .isLessThan(first.epochs.get(0));
    }

    @Test
    void aSavedModelLoadsAndPredictsAsTheTrainedOneWithItsPlan() throws Exception {
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f);
        FrameSequence video = movingBlock(20);
        float[][] past = {video.frames().get(0), video.frames().get(1)};
        Path folder = dir.resolve("model");
        float[] trained;
        try (DiffusionModel model = DiffusionModel.of(new DiffusionTrainer(settings).train(List.of(video),
                dir.resolve("work"), new Losses()), DiffusionModel.manifestFor("tiny", settings, 3))) {
            trained = model.predict(java.util.Collections.singletonList(past), new long[] {9}).get(0)[0];
            io.sparsight.models.runtime.ModelStore.save(model.model(), model.manifest(), folder);
        }
        try (DiffusionModel loaded = DiffusionModel.load(folder, ai.djl.Device.cpu())) {
            assertThat(loaded.predict(java.util.Collections.singletonList(past), new long[] {9}).get(0)[0]).containsExactly(trained);
            assertThat(loaded.hyperparameters()).isEqualTo(HP);
            float[][] other = {video.frames().get(5), video.frames().get(6)};
            assertThat(loaded.predict(List.of(other, past), new long[] {4, 9}).get(1)[0])
                    .as("an item's prediction does not depend on the rest of its batch").containsExactly(trained);
            // HP: 2 condition frames and 1 target: repair fills one frame from one before and one after it
            float[] filled = loaded.repair(List.<float[][]>of(new float[][] {past[0]}),
                    List.<float[][]>of(new float[][] {video.frames().get(2)}), new long[] {9}).get(0)[0];
            assertThat(filled).hasSize(16 * 8).isNotEqualTo(trained);
        }
        AttentionPlan sparse = new AttentionPlan(new AttentionPattern[][] {
                {AttentionPattern.SPATIAL, AttentionPattern.SKIP}, {AttentionPattern.STRIPE, AttentionPattern.DENSE}});
        sparse.write(folder);
        try (DiffusionModel loaded = DiffusionModel.load(folder, ai.djl.Device.cpu())) {
            float[] frame = loaded.predict(java.util.Collections.singletonList(past), new long[] {9}).get(0)[0];
            assertThat(frame).hasSize(16 * 8);
            for (float v : frame) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void videosOfAnotherSizeOrTooShortAreRefused() {
        DiffusionTrainer trainer = new DiffusionTrainer(new DiffusionTrainer.Settings(HP, 1, 1L, 4, 1e-3f));
        assertThatThrownBy(() -> trainer.train(List.of(new FrameSequence("big", 32, 8,
                List.of(new float[32 * 8], new float[32 * 8], new float[32 * 8]))), dir, new Losses()))
                .hasMessageContaining("the model reads 16x8");
        assertThatThrownBy(() -> trainer.train(List.of(movingBlock(4)), dir, new Losses()))
                .hasMessageContaining("too few training samples");
    }

    @Test
    void onResidualsTheStaticBackgroundCostsTheNetworkNothing() throws Exception {
        // a textured background with a small block moving over it: the next frame is mostly the last one
        List<float[]> frames = new ArrayList<>();
        for (int f = 0; f < 24; f++) {
            float[] frame = new float[16 * 8];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = 0.2f + 0.6f * ((i * 7 + i / 16 * 3) % 5) / 4f;
            }
            for (int y = 3; y < 5; y++) {
                frame[y * 16 + f % 14] = 1f;
            }
            frames.add(frame);
        }
        FrameSequence video = new FrameSequence("texture", 16, 8, frames);
        float[][] past = {frames.get(20), frames.get(21)};
        double[] psnr = new double[2];
        float[] scales = {0, 0.1f};
        for (int i = 0; i < scales.length; i++) {
            DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f, scales[i]);
            try (DiffusionModel model = DiffusionModel.of(new DiffusionTrainer(settings).train(List.of(video),
                    dir.resolve("work-" + i), new Losses()), DiffusionModel.manifestFor("t", settings, 2))) {
                assertThat(model.sampler().residualScale()).isEqualTo(scales[i]);
                float[] predicted = model.predict(java.util.Collections.singletonList(past), new long[] {9}).get(0)[0];
                psnr[i] = io.sparsight.models.anomaly.FrameScores.psnr(predicted, frames.get(22));
            }
        }
        // 2026-12-02: 7.52 dB on frames, 20.80 dB on residuals (one libtorch thread, so the same every run)
        System.out.printf("one epoch: %.2f dB on frames, %.2f dB on residuals%n", psnr[0], psnr[1]);
        assertThat(psnr[1]).as("residuals (frames: %.1f dB)", psnr[0]).isGreaterThan(18).isGreaterThan(psnr[0] + 10);
        assertThatThrownBy(() -> new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f, -1f))
                .hasMessageContaining("residual scale");
    }

    @Test
    void aNetworkThatOutputsTheTargetsIsSampledFromThemAndRecordedAsSuch() throws Exception {
        FrameSequence video = movingBlock(20);
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f, 0.1f,
                FlowSampler.NetworkOutput.TARGETS);
        ModelManifest manifest = DiffusionModel.manifestFor("targets", settings, 2);
        assertThat(manifest.hyperparameters).containsEntry(DiffusionModel.NETWORK_OUTPUT, "targets");
        assertThat(DiffusionModel.manifestFor("velocity", new DiffusionTrainer.Settings(HP, 1, 3L, 4, 3e-3f, 0.1f), 2)
                .hyperparameters).as("a velocity model's manifest as before").doesNotContainKey(
                        DiffusionModel.NETWORK_OUTPUT);
        float[][] past = {video.frames().get(4), video.frames().get(5)};
        try (DiffusionModel model = DiffusionModel.of(new DiffusionTrainer(settings).train(List.of(video),
                dir.resolve("work"), new Losses()), manifest);
             NDManager manager = NDManager.newBaseManager()) {
            assertThat(model.sampler().output()).isEqualTo(FlowSampler.NetworkOutput.TARGETS);
            float[] oneStep = model.predict(List.<float[][]>of(past), new long[] {9}, 1).get(0)[0];

            // one step from t = 1: the network's output at the noise, scaled back onto the last past frame
            float[] condition = new float[2 * 16 * 8];
            for (int f = 0; f < 2; f++) {
                for (int i = 0; i < 16 * 8; i++) {
                    condition[f * 16 * 8 + i] = past[f][i] * 2 - 1;
                }
            }
            NDArray out = model.network().forward(new ParameterStore(manager, false), new NDList(
                    manager.create(condition, new Shape(1, 2, 8, 16)),
                    FlowSampler.noise(manager, new Shape(1, 1, 8, 16), 9), manager.full(new Shape(1), 1f),
                    manager.full(new Shape(1), DiffusionTask.PREDICT.ordinal())), false).singletonOrThrow();
            float[] residual = out.toFloatArray();
            for (int i = 0; i < residual.length; i++) {
                float expected = Math.max(-1f, Math.min(1f, residual[i] * 0.1f + condition[16 * 8 + i]));
                assertThat(oneStep[i]).isCloseTo((expected + 1) / 2, offset(1e-5f));
            }
        }
        assertThatThrownBy(() -> FlowSampler.NetworkOutput.of("noise")).hasMessageContaining("'velocity' or 'targets'");
    }
}
