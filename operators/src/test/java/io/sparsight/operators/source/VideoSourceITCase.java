package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.apache.flink.util.CloseableIterator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The video source on a real Flink MiniCluster, decoding real files with FFmpeg. */
class VideoSourceITCase {

    @TempDir
    Path dir;

    @Test
    void everyCameraIsSampledInOrderWithStatusAndABrokenCameraDoesNotStopTheOthers() throws Exception {
        Path a = SyntheticVideo.of(96, 64, 10, 30).movingBlock(5, 25).writeTo(dir.resolve("a.mp4"));
        Path b = SyntheticVideo.of(128, 96, 10, 40).writeTo(dir.resolve("b.mp4"));
        VideoSource source = VideoSource.bounded(List.of(
                CameraSpec.grey("cam-a", a.toString(), 5, 64, 48),
                CameraSpec.grey("cam-b", b.toString(), 2, 64, 48),
                CameraSpec.grey("cam-missing", dir.resolve("missing.mp4").toString(), 5, 64, 48)));

        StreamExecutionEnvironment env = TestFlink.localEnvironment(2);
        List<CameraRecord> records = new ArrayList<>();
        try (CloseableIterator<CameraRecord> it = env.fromSource(source, WatermarkStrategy.noWatermarks(), "video")
                .executeAndCollect("video-source-it")) {
            it.forEachRemaining(records::add);
        }
        List<VideoFrame> frames = records.stream().filter(CameraRecord::isFrame).map(r -> r.frame).toList();
        Map<String, List<String>> states = records.stream().filter(r -> !r.isFrame())
                .collect(Collectors.groupingBy(r -> r.status.cameraId,
                        Collectors.mapping(r -> r.status.state, Collectors.toList())));
        assertThat(states.get("cam-a")).containsExactly(CameraStatus.ONLINE, CameraStatus.ENDED);
        assertThat(states.get("cam-b")).containsExactly(CameraStatus.ONLINE, CameraStatus.ENDED);
        assertThat(states.get("cam-missing")).containsExactly(CameraStatus.ERROR);
        CameraStatus missing = records.stream().filter(r -> !r.isFrame() && r.status.cameraId.equals("cam-missing"))
                .findFirst().orElseThrow().status;
        assertThat(missing.reason).contains("no such file").contains("missing.mp4");

        Map<String, List<VideoFrame>> byCamera = frames.stream().collect(Collectors.groupingBy(f -> f.cameraId));
        assertThat(byCamera).containsOnlyKeys("cam-a", "cam-b");
        assertThat(byCamera.get("cam-a")).extracting(f -> f.frameIndex)
                .containsExactly(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L, 28L);
        assertThat(byCamera.get("cam-b")).extracting(f -> f.frameIndex)
                .containsExactly(0L, 5L, 10L, 15L, 20L, 25L, 30L, 35L);
        assertThat(byCamera.get("cam-a")).allSatisfy(f -> {
            assertThat(f.width).isEqualTo(64);
            assertThat(f.height).isEqualTo(48);
            assertThat(f.pixels).hasSize(64 * 48);
            assertThat(f.captureTimeMs).isEqualTo(f.streamStartMs + f.streamOffsetMs);
        });
    }
}
