package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRingTest {

    private static final long FRAME_BYTES = 32 * 24 * 3;

    @Test
    void keepsTheLastSpanOfFootage() {
        ClipBuffers buffers = new ClipBuffers(2_000, 1_000 * FRAME_BYTES, 1_000 * FRAME_BYTES);
        ClipFrames.moving("a", 32, 24, 50, 0, 100).forEach(buffers::add); // 0 .. 4.9 s
        List<VideoFrame> kept = buffers.between("a", 0, Long.MAX_VALUE);
        assertThat(kept).hasSize(21); // 2.9 .. 4.9 s
        assertThat(kept.get(0).streamOffsetMs).isEqualTo(2_900);
        assertThat(buffers.newestMs("a")).isEqualTo(ClipFrames.STREAM_START_MS + 4_900);
        assertThat(buffers.between("a", ClipFrames.STREAM_START_MS + 3_000, ClipFrames.STREAM_START_MS + 3_500))
                .extracting(f -> f.streamOffsetMs).containsExactly(3_000L, 3_100L, 3_200L, 3_300L, 3_400L, 3_500L);
    }

    @Test
    void boundsEachCameraAndTheTotalInBytes() {
        ClipBuffers buffers = new ClipBuffers(60_000, 10 * FRAME_BYTES, 15 * FRAME_BYTES);
        ClipFrames.moving("a", 32, 24, 40, 0, 100).forEach(buffers::add);
        assertThat(buffers.between("a", 0, Long.MAX_VALUE)).hasSize(10);
        ClipFrames.moving("b", 32, 24, 8, 0, 100).forEach(buffers::add);
        // over the total: the camera with the most bytes gives up its oldest frames
        assertThat(buffers.bytes()).isLessThanOrEqualTo(15 * FRAME_BYTES);
        assertThat(buffers.between("b", 0, Long.MAX_VALUE)).hasSize(8);
        assertThat(buffers.between("a", 0, Long.MAX_VALUE)).hasSize(7);
        assertThat(buffers.between("a", 0, Long.MAX_VALUE).get(0).streamOffsetMs).isEqualTo(3_300);
    }

    @Test
    void aStreamThatStartsAgainEmptiesTheRing() {
        ClipBuffers buffers = new ClipBuffers(60_000, 100 * FRAME_BYTES, 100 * FRAME_BYTES);
        ClipFrames.moving("a", 32, 24, 10, 5_000, 100).forEach(buffers::add);
        ClipFrames.moving("a", 32, 24, 3, 0, 100).forEach(buffers::add);
        assertThat(buffers.between("a", 0, Long.MAX_VALUE)).extracting(f -> f.streamOffsetMs)
                .containsExactly(0L, 100L, 200L);
        assertThat(buffers.bytes()).isEqualTo(3 * FRAME_BYTES);
    }
}
