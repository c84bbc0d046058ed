package io.sparsight.operators.frames;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameResizeTest {

    private static VideoFrame frame(int width, int height, int channels, byte[] pixels) {
        VideoFrame f = new VideoFrame();
        f.width = width;
        f.height = height;
        f.channels = channels;
        f.pixels = pixels;
        return f;
    }

    @Test
    void aFrameThatAlreadyFitsIsUsedAsItIs() {
        VideoFrame grey = frame(2, 1, 1, new byte[] {10, 20});
        assertThat(FrameResize.packed(grey, 1, 2, 1)).isSameAs(grey.pixels);
    }

    @Test
    void greyIsAveragedOverAreasAndCopiedIntoThreeChannels() {
        VideoFrame grey = frame(4, 2, 1, new byte[] {10, 30, 100, 100, 10, 30, 100, 100});
        assertThat(FrameResize.packed(grey, 3, 2, 1)).containsExactly(20, 20, 20, 100, 100, 100);
    }

    @Test
    void colourBecomesLuminance() {
        // BGR: pure blue, pure green, pure red, white
        VideoFrame colour = frame(4, 1, 3, new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255,
                (byte) 255, (byte) 255, (byte) 255});
        byte[] grey = FrameResize.packed(colour, 1, 4, 1);
        assertThat(new int[] {grey[0] & 0xff, grey[1] & 0xff, grey[2] & 0xff, grey[3] & 0xff})
                .containsExactly(29, 150, 76, 255);                  // 0.114, 0.587, 0.299 of 255
    }

    @Test
    void onlyGreyOrColourIsOffered() {
        assertThatThrownBy(() -> FrameResize.packed(frame(1, 1, 1, new byte[] {0}), 4, 1, 1))
                .hasMessageContaining("1 or 3 channels");
    }
}
