package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.testing.SyntheticVideo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraDecoderTest {

    @TempDir
    static Path dir;
    static Path video;
    static final SyntheticVideo CONTENT = SyntheticVideo.of(160, 120, 10, 30).movingBlock(10, 20);

    @BeforeAll
    static void writeVideo() throws IOException {
        video = CONTENT.writeTo(dir.resolve("block.mp4"));
    }

    private static List<VideoFrame> decodeAll(CameraSpec spec, long skipTo) throws IOException {
        List<VideoFrame> frames = new ArrayList<>();
        try (CameraDecoder decoder = new CameraDecoder(spec, 1_000L)) {
            decoder.open();
            decoder.skipTo(skipTo);
            VideoFrame f;
            while ((f = decoder.next()) != null) {
                frames.add(f);
            }
            assertThat(decoder.isAtEnd()).isTrue();
        }
        return frames;
    }

    /** Count of bright (block) pixels in a grey frame. */
    private static int brightPixels(VideoFrame f) {
        int n = 0;
        for (byte b : f.pixels) {
            if ((b & 0xff) > 200) {
                n++;
            }
        }
        return n;
    }

    @Test
    void decodesEveryFrameScaledToTheAnalysisSizeWithStreamOffsets() throws IOException {
        List<VideoFrame> frames = decodeAll(CameraSpec.grey("cam", video.toString(), 0, 80, 60), 0);
        assertThat(frames).hasSize(30);
        for (int i = 0; i < frames.size(); i++) {
            VideoFrame f = frames.get(i);
            assertThat(f.frameIndex).isEqualTo(i);
            assertThat(f.streamOffsetMs).isEqualTo(i * 100L);
            assertThat(f.captureTimeMs).isEqualTo(1_000L + i * 100L);
            assertThat(f.width).isEqualTo(80);
            assertThat(f.height).isEqualTo(60);
            assertThat(f.pixels).hasSize(80 * 60);
            assertThat(brightPixels(f) > 50).as("block visible in frame %d", i).isEqualTo(CONTENT.blockVisible(i));
        }
    }

    @Test
    void colourFramesHaveThreeChannels() throws IOException {
        List<VideoFrame> frames = decodeAll(CameraSpec.builder("cam", video.toString()).sampling(Sampling.full()).size(32, 24).channels(3).build(), 0);
        assertThat(frames).hasSize(30).allSatisfy(f -> assertThat(f.pixels).hasSize(32 * 24 * 3));
        // grey content: the three channels of a pixel agree (within coding noise), row padding removed
        VideoFrame f = frames.get(15);
        for (int p = 0; p < 32 * 24; p++) {
            int b = f.pixels[3 * p] & 0xff, g = f.pixels[3 * p + 1] & 0xff, r = f.pixels[3 * p + 2] & 0xff;
            assertThat(Math.max(Math.abs(b - g), Math.abs(g - r))).as("pixel %d", p).isLessThan(24);
        }
    }

    @Test
    void skipToResumesAtTheRequestedFrame() throws IOException {
        List<VideoFrame> all = decodeAll(CameraSpec.grey("cam", video.toString(), 0, 80, 60), 0);
        List<VideoFrame> rest = decodeAll(CameraSpec.grey("cam", video.toString(), 0, 80, 60), 17);
        assertThat(rest).hasSize(13);
        assertThat(rest.get(0).frameIndex).isEqualTo(17);
        assertThat(rest.get(0).streamOffsetMs).isEqualTo(1_700);
        assertThat(rest.get(0).pixels).isEqualTo(all.get(17).pixels);
    }

    @Test
    void aMissingFileGivesAClearError() {
        Path missing = dir.resolve("nope.mp4");
        CameraDecoder decoder = new CameraDecoder(CameraSpec.grey("cam-x", missing.toString(), 5, 64, 48), 0);
        assertThatThrownBy(decoder::open)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("camera 'cam-x'")
                .hasMessageContaining("cannot open")
                .hasMessageContaining("no such file")
                .hasMessageContaining(missing.toString());
        decoder.close();
    }

    @Test
    void aFileThatIsNotVideoGivesAClearError() throws IOException {
        Path junk = Files.writeString(dir.resolve("junk.mp4"), "this is not a video");
        CameraDecoder decoder = new CameraDecoder(CameraSpec.grey("cam-j", junk.toString(), 5, 64, 48), 0);
        assertThatThrownBy(decoder::open).isInstanceOf(IOException.class).hasMessageContaining("cannot open")
                .hasMessageNotContaining("setFormat");
        decoder.close();
    }

    @Test
    void aUdpInputListensOnTheAddressItNamesAndOnLoopbackWhenItNamesNone() {
        assertThat(CameraDecoder.udpListenAddress("udp://127.0.0.1:5000")).isEqualTo("127.0.0.1");
        assertThat(CameraDecoder.udpListenAddress("udp://:5000")).isEqualTo("127.0.0.1");
        assertThat(CameraDecoder.udpListenAddress("udp://@:5000?fifo_size=100")).isEqualTo("127.0.0.1");
        assertThat(CameraDecoder.udpListenAddress("udp://0.0.0.0:5000")).as("every address, asked for").isEqualTo(
                "0.0.0.0");
        assertThat(CameraDecoder.udpListenAddress("rtp://[::1]:5004")).isEqualTo("::1");
        assertThat(CameraDecoder.udpListenAddress("udp://239.1.1.1:5000")).as("multicast: FFmpeg joins it").isNull();
        assertThat(CameraDecoder.udpListenAddress("udp://[ff02::1]:5000")).isNull();
        CameraDecoder decoder = new CameraDecoder(CameraSpec.builder("u", "udp://127.0.0.1:5000").build(), 0);
        assertThat(decoder.openOptions()).containsEntry("localaddr", "127.0.0.1");
    }

    @Test
    void aLivePlaylistThatStopsGrowingEndsAfterAFewReloads() {
        CameraDecoder hls = new CameraDecoder(CameraSpec.builder("h", "http://127.0.0.1:8080/cam/live.m3u8").build(), 0);
        assertThat(hls.openOptions()).containsEntry("m3u8_hold_counters", "10");
        CameraDecoder rtsp = new CameraDecoder(CameraSpec.builder("r", "rtsp://127.0.0.1:8554/cam").build(), 0);
        assertThat(rtsp.openOptions()).doesNotContainKey("m3u8_hold_counters");
    }

    @Test
    void anRtmpCameraConnectsRatherThanListensAndIsReadAsAByteStream() {
        CameraDecoder rtmp = new CameraDecoder(CameraSpec.builder("m", "rtmp://127.0.0.1:1935/live/cam").build(), 0);
        assertThat(rtmp.openOptions()).as("RTMP's timeout is its listen timeout").doesNotContainKey("timeout")
                .containsKey("rw_timeout");
        assertThat(ByteStreamInput.handles("rtmp://127.0.0.1:1935/live/cam")).isTrue();
        assertThat(ByteStreamInput.handles("RTMPS://127.0.0.1:443/live/cam")).isTrue();
        assertThat(ByteStreamInput.handles("rtmp://127.0.0.1:1935/live/cam?listen=1")).isFalse();
        assertThat(ByteStreamInput.handles("rtsp://127.0.0.1:8554/cam")).isFalse();
        CameraDecoder rtsp = new CameraDecoder(CameraSpec.builder("r", "rtsp://127.0.0.1:8554/cam").build(), 0);
        assertThat(rtsp.openOptions()).containsKey("timeout");
    }

    @Test
    void rtspRtpAndHlsAreOpenedWithTheWatchdogAlreadyInPlace() {
        assertThat(WatchedDemuxerOpen.handles("rtsp://127.0.0.1:8554/cam")).isTrue();
        assertThat(WatchedDemuxerOpen.handles("RTSPS://127.0.0.1:322/cam")).isTrue();
        assertThat(WatchedDemuxerOpen.handles("rtp://127.0.0.1:5004")).isTrue();
        assertThat(WatchedDemuxerOpen.handles("rtmp://127.0.0.1:1935/live/cam")).isFalse();
        assertThat(WatchedDemuxerOpen.handles("http://127.0.0.1:8080/live.m3u8")).isTrue();
        assertThat(WatchedDemuxerOpen.readsPlaylist("http://127.0.0.1:8080/live.m3u8")).isTrue();
        assertThat(WatchedDemuxerOpen.readsPlaylist("rtsp://127.0.0.1:8554/cam")).isFalse();
        assertThat(WatchedDemuxerOpen.handles("http://127.0.0.1:8080/live.ts")).as("a byte stream").isFalse();
        try (FrameWatchdog watchdog = new FrameWatchdog(1_000)) {
            assertThat(WatchedDemuxerOpen.grabber("rtp://127.0.0.1:5004", watchdog, null).getFormat()).isEqualTo("rtp");
        }
    }

    @Test
    void lavfiTestSourcesDecode() throws IOException {
        CameraSpec spec = CameraSpec.grey("lavfi", "lavfi:testsrc=size=320x240:rate=25:duration=1", 0, 64, 48);
        assertThat(decodeAll(spec, 0)).hasSize(25);
    }
}
