package io.sparsight.models.grounding;

import io.sparsight.models.data.VideoClip;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GroundingWindowTest {

    @Test
    void samplesTheMiddleOfEqualSlicesAndClampsToTheVideo() {
        // 12 s at 10 fps, 4 samples over the whole video: slice middles at 1.5, 4.5, 7.5, 10.5 s
        assertThat(GroundingWindow.sample(10, 120, 0, 12, 4)).containsExactly(15, 45, 75, 105);
        // a window from 6 s to 12 s
        assertThat(GroundingWindow.sample(10, 120, 6, 6, 3)).containsExactly(70, 90, 110);
        // a window running past the end takes the last frame
        assertThat(GroundingWindow.sample(10, 50, 0, 12, 2)).containsExactly(30, 49);
    }

    @Test
    void copiesBytesAsUnitFloatsAndPackedBgrBecomesPlanarRgb() {
        byte[] bgr = {(byte) 10, (byte) 20, (byte) 255, 0, 0, 0}; // 2x1 pixels: (B10 G20 R255), black
        byte[] planar = VideoClip.planarRgb(bgr, 2, 1);
        assertThat(planar).containsExactly((byte) 255, 0, (byte) 20, 0, (byte) 10, 0);
        float[] into = new float[8];
        int end = GroundingWindow.copy(List.of(planar, planar), new int[] {1}, into, 2);
        assertThat(end).isEqualTo(8);
        assertThat(into[2]).isEqualTo(1f);
        assertThat(into[4]).isEqualTo(20 / 255f);
    }
}
