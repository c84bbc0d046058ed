package io.sparsight.operators.diffusion;

import ai.djl.Model;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.DiffusionTrainer;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GapRepairTest {

    /** 16x8 frames in 4x4 patches, 4 condition frames and 2 target frames. */
    private static final VideoDitBlock.Hyperparameters HP = new VideoDitBlock.Hyperparameters(16, 8, 4, 4, 2, 16, 2, 1);

    @TempDir
    Path dir;

    @Test
    void theIntervalIsTheMedianStepAndAGapIsMoreThanOneAndAHalfOfIt() {
        assertThat(GapRepair.intervalMs(new long[] {0, 100, 200, 500, 600})).isEqualTo(100);
        assertThat(GapRepair.intervalMs(new long[] {0})).isZero();
        assertThat(GapRepair.missingFrames(100, 100)).isZero();
        assertThat(GapRepair.missingFrames(150, 100)).as("jitter within half an interval").isZero();
        assertThat(GapRepair.missingFrames(200, 100)).isEqualTo(1);
        assertThat(GapRepair.missingFrames(390, 100)).isEqualTo(3);
        assertThat(GapRepair.missingFrames(500, 0)).as("no interval known yet").isZero();
    }

    @Test
    void theLastChunkWaitsForTheRealFramesInsideItAndTheTargetFramesAfterIt() {
        assertThat(GapRepair.framesNeededAfter(2, 2)).isEqualTo(2);
        assertThat(GapRepair.framesNeededAfter(1, 2)).isEqualTo(3);
        assertThat(GapRepair.framesNeededAfter(3, 2)).isEqualTo(3);
        assertThat(GapRepair.framesNeededAfter(4, 2)).isEqualTo(2);
        assertThatThrownBy(() -> GapRepair.framesNeededAfter(0, 2)).hasMessageContaining("at least one missing frame");
    }

    @Test
    void aGapIsPredictedForwardInChunksAndItsLastChunkRepairedBetweenTheFramesAroundIt() throws Exception {
        List<float[]> frames = movingBlock(30);
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(HP, 1, 5L, 4, 3e-3f);
        try (Model trained = new DiffusionTrainer(settings).train(List.of(new FrameSequence("block", 16, 8, frames)),
                dir.resolve("work"), new Quiet());
             DiffusionModel model = DiffusionModel.of(trained, DiffusionModel.manifestFor("t", settings, 2))) {
            List<float[]> before = frames.subList(0, 6);        // frames 0-5, then 3 missing (6, 7, 8)
            List<float[]> after = frames.subList(9, 12);        // the last chunk is frame 8 and real 9; then 10, 11

            List<float[]> filled = GapRepair.fill(model, before, 3, after, 100);

            assertThat(filled).hasSize(3);
            float[][] forward = model.predict(List.<float[][]>of(frames.subList(2, 6).toArray(new float[0][])),
                    new long[] {100}).get(0);
            assertThat(filled.get(0)).as("the first chunk is the prediction from the 4 frames before")
                    .containsExactly(forward[0]);
            assertThat(filled.get(1)).containsExactly(forward[1]);
            float[][] last = model.repair(List.<float[][]>of(new float[][] {forward[0], forward[1]}),
                    List.<float[][]>of(new float[][] {frames.get(10), frames.get(11)}), new long[] {101}).get(0);
            assertThat(filled.get(2)).as("the last chunk is repaired from the 2 frames before it and 2 after it")
                    .containsExactly(last[0]);
            assertThatThrownBy(() -> GapRepair.fill(model, before, 3, frames.subList(9, 11), 100))
                    .hasMessageContaining("needs 3 frames after it, got 2");
            assertThatThrownBy(() -> GapRepair.fill(model, before.subList(0, 3), 2, after.subList(0, 2), 100))
                    .hasMessageContaining("needs 4 frames before it, got 3");
        }
    }

    @Test
    void aCameraWindowKeepsItsLastFramesAndTheirPlaces() {
        CameraWindow window = CameraWindow.empty(2);
        for (int i = 0; i < 4; i++) {
            window = window.plus(new byte[] {(byte) i, (byte) 255}, 10 + i, 100L * i, 1000 + 100L * i, 3);
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.offsetsMs()).containsExactly(100, 200, 300);
        assertThat(window.frameIndex(0)).isEqualTo(11);
        assertThat(window.captureMs(2)).isEqualTo(1300);
        assertThat(window.unitFrame(2)).containsExactly(3 / 255f, 1f);
        assertThat(CameraWindow.of(window.frames, window.meta, 2).offsetsMs()).containsExactly(100, 200, 300);
        assertThat(CameraWindow.of(window.frames, window.meta, 3).isEmpty()).as("made for another frame size").isTrue();
        assertThat(CameraWindow.of(null, null, 2).isEmpty()).isTrue();
    }

    /** A bright 4x4 block moving one pixel right per frame over a dark background. */
    private static List<float[]> movingBlock(int count) {
        List<float[]> out = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            float[] frame = new float[16 * 8];
            Arrays.fill(frame, 0.2f);
            for (int y = 2; y < 6; y++) {
                for (int x = f % 12; x < f % 12 + 4; x++) {
                    frame[y * 16 + x] = 0.9f;
                }
            }
            out.add(frame);
        }
        return out;
    }

    private static final class Quiet implements TrainingListener {
        @Override
        public void onStep(int epoch, int step, int steps, float loss) {}

        @Override
        public void onEpoch(int epoch, float meanLoss, double seconds) {}
    }
}
