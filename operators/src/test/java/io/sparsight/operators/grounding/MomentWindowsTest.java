package io.sparsight.operators.grounding;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MomentWindowsTest {

    /** 12 s windows every 2 s, moments merged across gaps of up to 1 s. */
    private final MomentWindows windows = new MomentWindows(12_000, 2_000, 1_000);

    private static List<WindowFrame> framesEvery(long stepMs, long fromMs, long toMs) {
        List<WindowFrame> frames = new ArrayList<>();
        for (long t = fromMs; t <= toMs; t += stepMs) {
            frames.add(WindowFrame.ofPixels(t, new byte[] {(byte) (t / stepMs)}));
        }
        return frames;
    }

    @Test
    void windowsFollowTheFirstFrameByTheirLengthAndThenEveryStride() {
        long end = windows.firstWindowEnd(500);
        assertThat(end).isEqualTo(12_500);
        assertThat(windows.windowStart(end)).isEqualTo(500);
        assertThat(windows.nextWindowEnd(end)).isEqualTo(14_500);
    }

    @Test
    void aStepLongerThanAWindowIsAGap() {
        assertThat(windows.isGap(11_900, 3_600_000)).isTrue();
        assertThat(windows.isGap(11_900, 11_900 + 12_001)).isTrue();
        assertThat(windows.isGap(11_900, 11_900 + 12_000)).as("a window can still hold both").isFalse();
        assertThat(windows.isGap(11_900, 12_000)).isFalse();
    }

    @Test
    void aWindowIsSampledAtTheMiddleOfEqualSlicesWithTheLatestFrameAtOrBefore() {
        List<WindowFrame> frames = framesEvery(1_000, 0, 11_000);
        List<WindowFrame> sampled = MomentWindows.sample(frames, 0, 12_000, 4); // middles 1.5, 4.5, 7.5, 10.5 s
        assertThat(sampled).extracting(f -> f.offsetMs).containsExactly(1_000L, 4_000L, 7_000L, 10_000L);
        // before the first frame: the first frame stands in
        assertThat(MomentWindows.sample(framesEvery(1_000, 5_000, 11_000), 0, 12_000, 4))
                .extracting(f -> f.offsetMs).containsExactly(5_000L, 5_000L, 7_000L, 10_000L);
    }

    @Test
    void theNextWindowKeepsItsFramesAndTheLatestOneBeforeIt() {
        List<WindowFrame> kept = windows.keptAfter(framesEvery(1_000, 0, 12_000), 12_000); // next: 2 s .. 14 s
        assertThat(kept).extracting(f -> f.offsetMs).first().isEqualTo(2_000L);
        List<WindowFrame> sparse = windows.keptAfter(framesEvery(3_000, 0, 12_000), 12_000);
        assertThat(sparse).extracting(f -> f.offsetMs).containsExactly(0L, 3_000L, 6_000L, 9_000L, 12_000L);
    }

    @Test
    void aStreamThatEndsIsReadOnceMoreWhenAtLeastHalfAWindowIsLeft() {
        List<WindowFrame> frames = framesEvery(1_000, 0, 9_000);
        assertThat(windows.lastWindow(frames, 9_000L, null)).containsExactly(0L, 9_001L);
        assertThat(windows.lastWindow(framesEvery(1_000, 0, 4_000), 4_000L, null)).as("4 s: under half").isNull();
        assertThat(windows.lastWindow(frames, 9_000L, 10_000L)).as("already read").isNull();
        assertThat(windows.lastWindow(List.of(), null, null)).isNull();
        assertThat(windows.lastWindow(framesEvery(1_000, 0, 30_000), 30_000L, 30_000L))
                .as("up to a window back").containsExactly(18_001L, 30_001L);
    }

    @Test
    void aDetectionNearItsWindowsEdgeIsMarkedCut() {
        MomentWindows.Detection inside = MomentWindows.detection(0, 10_000, 0.2, 0.5);
        assertThat(inside).isEqualTo(new MomentWindows.Detection(2_000, 5_000, false));
        assertThat(MomentWindows.detection(0, 10_000, 0.01, 0.5).cut()).as("at the start").isTrue();
        assertThat(MomentWindows.detection(0, 10_000, 0.2, 0.99).cut()).as("at the end").isTrue();
    }

    @Test
    void detectionsWithinTheMergeGapAreOneMomentWhichIsOverOnceAWindowStartsPastIt() {
        OpenMoment moment = new OpenMoment("a cyclist", 2_000, 5_000, 0.8, false);
        assertThat(windows.continues(moment, new MomentWindows.Detection(5_900, 8_000, false))).isTrue();
        assertThat(windows.continues(moment, new MomentWindows.Detection(6_100, 8_000, false))).isFalse();
        assertThat(windows.isOver(moment, 6_000)).isFalse();
        assertThat(windows.isOver(moment, 6_001)).isTrue();
    }
}
