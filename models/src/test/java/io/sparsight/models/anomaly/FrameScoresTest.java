package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FrameScoresTest {

    @TempDir
    Path dir;

    @Test
    void psnrOfAKnownError() {
        // every pixel off by 0.1: MSE 0.01, PSNR = 10 log10(1 / 0.01) = 20 dB
        float[] actual = {0.2f, 0.5f, 0.9f, 0.0f};
        float[] predicted = {0.3f, 0.4f, 0.8f, 0.1f};
        assertThat(FrameScores.psnr(predicted, actual)).isCloseTo(20.0, within(1e-4));
        assertThat(FrameScores.psnr(actual, actual)).isEqualTo(FrameScores.MAX_PSNR_DB);
        assertThatThrownBy(() -> FrameScores.psnr(new float[2], new float[3])).hasMessageContaining("same");
    }

    @Test
    void theWorstRegionIsTheWindowWithTheLargestError() {
        // 8x4 frame, 4x4 windows at steps of 2: x0 = 0, 2, 4; one pixel at (7, 1) off by 0.5 falls in the window at
        // x0 = 4 only: MSE 0.25 / 16, PSNR = 10 log10(64) = 18.06 dB; the whole frame's is 10 log10(128) = 21.07
        float[] actual = new float[32];
        float[] predicted = new float[32];
        predicted[1 * 8 + 7] = 0.5f;
        assertThat(FrameScores.worstRegionPsnr(predicted, actual, 8, 4, 4)).isCloseTo(10 * Math.log10(64), within(1e-9));
        assertThat(FrameScores.psnr(predicted, actual)).isCloseTo(10 * Math.log10(128), within(1e-9));
        assertThat(FrameScores.worstRegionPsnr(actual, actual, 8, 4, 4)).isEqualTo(FrameScores.MAX_PSNR_DB);
    }

    @Test
    void normalisationMapsBestToZeroAndWorstToOne() {
        assertThat(FrameScores.anomalyScores(new double[] {30, 20, 25, 40}))
                .containsExactly(0.5, 1.0, 0.75, 0.0);
        assertThat(FrameScores.anomalyScores(new double[] {30, 30})).containsExactly(0.0, 0.0);
    }

    @Test
    void gaussianSmoothingSpreadsASpikeAndKeepsAConstant() {
        double[] spike = {0, 0, 0, 1, 0, 0, 0};
        double[] smoothed = FrameScores.smooth(spike, 1.0);
        assertThat(smoothed[3]).isCloseTo(1 / (1 + 2 * Math.exp(-0.5) + 2 * Math.exp(-2) + 2 * Math.exp(-4.5)), within(1e-9));
        assertThat(smoothed[2]).isEqualTo(smoothed[4]).isLessThan(smoothed[3]).isPositive();
        assertThat(FrameScores.smooth(new double[] {2, 2, 2, 2}, 3)).containsExactly(2, 2, 2, 2);
        assertThat(FrameScores.smooth(spike, 0)).containsExactly(spike);
    }

    @Test
    void aucMatchesAHandWorkedExample() {
        // positives {0.35, 0.8}, negatives {0.1, 0.4}; of the 4 positive-negative pairs:
        // (0.35 > 0.1) yes, (0.35 > 0.4) no, (0.8 > 0.1) yes, (0.8 > 0.4) yes: 3 of 4 pairs = 0.75
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] labels = {false, false, true, true};
        assertThat(RocAuc.of(scores, labels)).isEqualTo(0.75);
        // ties count half: one positive tied with one negative
        assertThat(RocAuc.of(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(RocAuc.of(new double[] {0.9, 0.1}, new boolean[] {true, false})).isEqualTo(1.0);
        assertThatThrownBy(() -> RocAuc.of(new double[] {1, 2}, new boolean[] {true, true}))
                .hasMessageContaining("both positive and negative");
    }

    @Test
    void labelsReadLikeUcsdPed2() throws Exception {
        Path csv = Files.writeString(dir.resolve("labels.csv"), """
                # Frame N of a video is file frames/VV/(N-1).jpg
                video,frames,first_abnormal,last_abnormal
                01,6,2,3
                01,6,6,6
                02,4,,
                """);
        Map<String, boolean[]> labels = FrameLabels.read(csv);
        assertThat(labels.get("01")).containsExactly(false, true, true, false, false, true);
        assertThat(labels.get("02")).containsExactly(false, false, false, false);

        Path bad = Files.writeString(dir.resolve("bad.csv"), "video,frames,first_abnormal,last_abnormal\n01,5,4,9\n");
        assertThatThrownBy(() -> FrameLabels.read(bad)).hasMessageContaining("line 2").hasMessageContaining("outside");
    }

    @Test
    void thePed2LabelsOnThisMachineHave1648AbnormalFramesOf2010() throws Exception {
        Path ped2 = Path.of("../../shared/data/ucsd-ped2/testing/labels.csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(ped2), "UCSD Ped2 is not next to this checkout");
        Map<String, boolean[]> labels = FrameLabels.read(ped2);
        int frames = 0;
        int abnormal = 0;
        for (boolean[] flags : labels.values()) {
            frames += flags.length;
            for (boolean f : flags) {
                abnormal += f ? 1 : 0;
            }
        }
        assertThat(labels).hasSize(12);
        assertThat(frames).isEqualTo(2010);
        assertThat(abnormal).isEqualTo(1648);
    }
}
