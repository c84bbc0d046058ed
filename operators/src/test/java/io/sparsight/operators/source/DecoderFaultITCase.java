package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.testing.LoopbackTcpStream;
import io.sparsight.operators.testing.RecordCollector;
import io.sparsight.operators.testing.RecordCollector.Arrival;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unexpected exception inside one camera's decoder (injected: {@link CameraDecoder#INJECTED_FAULTS}) is that
 * camera's {@code error} status; the job (no restart strategy: a failure would end the test) and the other cameras go
 * on, and a live camera reconnects.
 */
class DecoderFaultITCase {

    @TempDir
    Path dir;

    @AfterEach
    void noFaultLeft() {
        CameraDecoder.INJECTED_FAULTS.clear();
    }

    @Test
    void aFileCameraWhoseDecoderThrowsEndsWithAnErrorAndTheOthersReadToTheEnd() throws Exception {
        Path video = SyntheticVideo.of(96, 64, 10, 30).movingBlock(5, 25).writeTo(dir.resolve("a.mp4"));
        CameraDecoder.INJECTED_FAULTS.put("broken", new CameraDecoder.InjectedFault(12,
                new IllegalStateException("injected decoder fault")));
        StreamExecutionEnvironment env = TestFlink.localEnvironment(2);
        List<CameraRecord> records = new ArrayList<>();
        try (CloseableIterator<CameraRecord> it = env.fromSource(VideoSource.bounded(List.of(
                        CameraSpec.grey("broken", video.toString(), 0, 64, 48),
                        CameraSpec.grey("fine", video.toString(), 0, 64, 48))),
                WatermarkStrategy.noWatermarks(), "video").executeAndCollect("decoder-fault")) {
            it.forEachRemaining(records::add);
        }
        assertThat(frameCount(records, "fine")).as("frames of the other camera").isEqualTo(30);
        assertThat(frameCount(records, "broken")).as("frames before the fault").isEqualTo(12);
        List<CameraStatus> broken = records.stream().filter(r -> !r.isFrame() && r.status.cameraId.equals("broken"))
                .map(r -> r.status).toList();
        assertThat(broken).extracting(s -> s.state).containsExactly(CameraStatus.ONLINE, CameraStatus.ERROR);
        assertThat(broken.get(1).reason).contains("internal error while decoding")
                .contains("injected decoder fault");
    }

    @Test
    void aLiveCameraWhoseDecoderThrowsReportsAnErrorAndReconnects() throws Exception {
        try (LoopbackTcpStream server = new LoopbackTcpStream(160, 120, 10)) {
            server.start();
            CameraSpec live = CameraSpec.builder("live", server.url()).sampling(Sampling.fps(5)).size(80, 60)
                    .live(new LiveSettings(1_000, 2_000, 200, 1_000, 16)).build();
            CameraDecoder.INJECTED_FAULTS.put("live", new CameraDecoder.InjectedFault(10,
                    new IllegalStateException("injected decoder fault")));
            StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
            try (CloseableIterator<CameraRecord> it = env.fromSource(VideoSource.unbounded(List.of(live)),
                    WatermarkStrategy.noWatermarks(), "video").executeAndCollect("live-decoder-fault")) {
                RecordCollector records = new RecordCollector(it);
                Arrival error = records.awaitArrival(a -> a.isStatusOf("live", CameraStatus.ERROR), 0,
                        Duration.ofSeconds(30));
                assertThat(error.status().reason).contains("injected decoder fault").contains("reconnecting");
                CameraDecoder.INJECTED_FAULTS.clear();
                Arrival back = records.awaitArrival(a -> a.isStatusOf("live", CameraStatus.ONLINE), error.atMs(),
                        Duration.ofSeconds(30));
                records.awaitArrivalAfter(back, a -> a.isFrameOf("live"), Duration.ofSeconds(30));
            }
        }
    }

    /**
     * An Error (the JVM's: out of memory, a stack overflow) in one live camera's thread: that camera reports
     * {@code error} and stops until the job restarts; the other camera keeps sending frames. Before, the thread died
     * with no status at all.
     */
    @Test
    void aLiveCameraWhoseThreadDiesReportsAnErrorAndTheOtherGoesOn() throws Exception {
        try (LoopbackTcpStream server = new LoopbackTcpStream(160, 120, 10)) {
            server.start();
            LiveSettings settings = new LiveSettings(1_000, 2_000, 200, 1_000, 16);
            CameraSpec dying = CameraSpec.builder("dying", server.url()).sampling(Sampling.fps(5)).size(80, 60)
                    .live(settings).build();
            CameraSpec other = CameraSpec.builder("other", "lavfi:testsrc=size=160x120:rate=10")
                    .sampling(Sampling.fps(5)).size(80, 60).playbackSpeed(1).build();
            CameraDecoder.INJECTED_FAULTS.put("dying", new CameraDecoder.InjectedFault(10,
                    new StackOverflowError("injected thread death")));
            StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
            try (CloseableIterator<CameraRecord> it = env.fromSource(VideoSource.unbounded(List.of(dying, other)),
                    WatermarkStrategy.noWatermarks(), "video").executeAndCollect("live-thread-death")) {
                RecordCollector records = new RecordCollector(it);
                Arrival error = records.awaitArrival(a -> a.isStatusOf("dying", CameraStatus.ERROR), 0,
                        Duration.ofSeconds(30));
                assertThat(error.status().reason).contains("injected thread death")
                        .contains("stopped until the job restarts");
                records.awaitArrivalAfter(error, a -> a.isFrameOf("other"), Duration.ofSeconds(30));
            }
        }
    }

    private static long frameCount(List<CameraRecord> records, String camera) {
        return records.stream().filter(r -> r.isFrame() && r.frame.cameraId.equals(camera)).count();
    }
}
