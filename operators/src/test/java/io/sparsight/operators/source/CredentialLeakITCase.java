package io.sparsight.operators.source;

import io.sparsight.operators.events.CameraStatusEvents;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.testing.CapturedLogs;
import io.sparsight.operators.testing.RecordCollector;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera URL with a password that is never reached (connection refused on 127.0.0.1, then the camera retries):
 * the password must appear in no log line, exception, status record or event.
 */
class CredentialLeakITCase {

    private static final String PASSWORD = "Sup3rS3cretPw";

    @Test
    void thePasswordOfAnUnreachableCameraAppearsNowhere() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CameraSpec rtsp = CameraSpec.builder("door", "rtsp://admin:" + PASSWORD + "@127.0.0.1:" + closedPort + "/stream")
                .sampling(Sampling.fps(5)).size(64, 48).live(new LiveSettings(1_000, 2_000, 100, 400, 4)).build();
        CameraSpec tcp = CameraSpec.builder("yard", "tcp://viewer:" + PASSWORD + "@127.0.0.1:" + closedPort)
                .sampling(Sampling.fps(5)).size(64, 48).live(new LiveSettings(1_000, 2_000, 100, 400, 4)).build();
        CameraSpec pattern = CameraSpec.builder("pattern", "lavfi:testsrc=size=64x48:rate=10")
                .sampling(Sampling.fps(5)).size(32, 24).playbackSpeed(1).build();
        assertThat(rtsp.toString()).doesNotContain(PASSWORD);

        StringBuilder seen = new StringBuilder();
        try (CapturedLogs logs = new CapturedLogs()) {
            try (CloseableIterator<CameraRecord> it = TestFlink.localEnvironment(1)
                    .fromSource(VideoSource.unbounded(List.of(rtsp, tcp, pattern)), WatermarkStrategy.noWatermarks(), "video")
                    .executeAndCollect("leak-it")) {
                RecordCollector records = new RecordCollector(it);
                for (String camera : List.of("door", "yard")) {
                    records.awaitArrival(a -> a.isStatusOf(camera, CameraStatus.RECONNECTING) && a.status().attempt >= 3,
                            0, Duration.ofSeconds(30));
                }
                for (RecordCollector.Arrival a : records.arrivals()) {
                    seen.append(a.record()).append('\n');
                    if (!a.record().isFrame()) {
                        CameraStatus s = a.status();
                        seen.append(s.reason).append('\n');
                        seen.append(new String(CloudEventJson.toBytes(CameraStatusEvents.of(s)), StandardCharsets.UTF_8))
                                .append('\n');
                    }
                }
                assertThat(records.arrivals()).anyMatch(a -> a.isStatusOf("door", CameraStatus.OFFLINE));
            }
            seen.append(logs.text());
        }
        String everything = seen.toString();
        assertThat(everything).contains("127.0.0.1:" + closedPort); // the scan did see the cameras' messages
        assertThat(everything).doesNotContain(PASSWORD);
    }
}
