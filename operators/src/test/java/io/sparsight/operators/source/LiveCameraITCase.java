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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live cameras on a real MiniCluster against real FFmpeg streams on 127.0.0.1: a stream that stops and comes back,
 * and a server that accepts connections but never sends. The job has no restart strategy, so any failure would end
 * the test: cameras recover inside the source.
 */
class LiveCameraITCase {

    private static final LiveSettings FAST = new LiveSettings(1_000, 2_000, 200, 1_000, 16);

    /** A paced FFmpeg test pattern: keeps the job producing while the live camera is away. */
    private static CameraSpec testPattern() {
        return CameraSpec.builder("pattern", "lavfi:testsrc=size=160x120:rate=10")
                .sampling(Sampling.fps(5)).size(80, 60).playbackSpeed(1).build();
    }

    private static CloseableIterator<CameraRecord> run(List<CameraSpec> cameras) throws Exception {
        StreamExecutionEnvironment env = TestFlink.localEnvironment(2);
        return env.fromSource(VideoSource.unbounded(cameras), WatermarkStrategy.noWatermarks(), "video")
                .executeAndCollect("live-it");
    }

    @Test
    void aCameraThatDropsOutReconnectsWithinTheBackoffCapAndReportsTheGap() throws Exception {
        try (LoopbackTcpStream server = new LoopbackTcpStream(160, 120, 10)) {
            server.start();
            CameraSpec live = CameraSpec.builder("live", server.url())
                    .sampling(Sampling.fps(5)).size(80, 60).live(FAST).build();
            try (CloseableIterator<CameraRecord> it = run(List.of(live, testPattern()))) {
                RecordCollector records = new RecordCollector(it);
                records.awaitArrival(a -> a.isStatusOf("live", CameraStatus.ONLINE), 0, Duration.ofSeconds(30));
                records.awaitArrival(a -> a.isFrameOf("live"), 0, Duration.ofSeconds(10));

                server.stop();
                long stoppedAt = System.currentTimeMillis();
                Arrival lost = records.awaitArrival(
                        a -> a.isStatusOf("live", CameraStatus.OFFLINE), stoppedAt,
                        Duration.ofSeconds(10));
                records.consumeFor(Duration.ofMillis(Math.max(0, stoppedAt + 3_000 - System.currentTimeMillis())));

                server.start();
                long restartedAt = System.currentTimeMillis();
                Arrival back = records.awaitArrival(a -> a.isStatusOf("live", CameraStatus.ONLINE), restartedAt,
                        Duration.ofSeconds(15));
                Arrival firstFrame = records.awaitArrival(a -> a.isFrameOf("live"), back.atMs(), Duration.ofSeconds(10));

                assertThat(lost.atMs() - stoppedAt).as("outage noticed (ms)").isLessThan(5_000);
                assertThat(records.count(a -> a.isStatusOf("live", CameraStatus.RECONNECTING), stoppedAt, restartedAt))
                        .as("reconnect attempts while the stream was away").isGreaterThanOrEqualTo(2);
                assertThat(firstFrame.atMs() - restartedAt)
                        .as("frames resume within the backoff cap (1 s) plus connect and probe time")
                        .isLessThan(6_000);
                assertThat(back.status().gapMs).as("reported gap (ms)").isBetween(2_500L, 20_000L);
                assertThat(records.count(a -> a.isFrameOf("pattern"), stoppedAt, restartedAt))
                        .as("the other camera kept delivering during the outage").isGreaterThanOrEqualTo(8);
                assertThat(records.arrivals()).noneMatch(a -> a.isStatusOf("live", CameraStatus.ERROR));
            }
        }
    }

    @Test
    void aSilentServerIsDetectedWithinTheTimeoutAndNoThreadStaysBlocked() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accept, then never send a byte
                    }
                } catch (IOException closed) {
                    // test over
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();

            CameraSpec quiet = CameraSpec.builder("silent", "tcp://127.0.0.1:" + silent.getLocalPort())
                    .sampling(Sampling.fps(5)).size(80, 60).live(FAST).build();
            try (CloseableIterator<CameraRecord> it = run(List.of(quiet, testPattern()))) {
                RecordCollector records = new RecordCollector(it);
                Arrival firstPattern = records.awaitArrival(a -> a.isFrameOf("pattern"), 0, Duration.ofSeconds(30));
                Arrival detected = records.awaitArrival(
                        a -> a.isStatusOf("silent", CameraStatus.OFFLINE), 0, Duration.ofSeconds(15));
                records.awaitArrival(a -> a.isStatusOf("silent", CameraStatus.RECONNECTING)
                        && a.status().attempt >= 2, 0, Duration.ofSeconds(15));
                long until = System.currentTimeMillis();

                assertThat(detected.atMs() - firstPattern.atMs())
                        .as("silence detected within the 1 s read timeout plus start-up slack (ms)").isLessThan(6_000);
                assertThat(held).as("the camera did connect to the silent server").isNotEmpty();
                assertThat(records.count(a -> a.isFrameOf("pattern"), detected.atMs(), until))
                        .as("the other camera kept delivering frames meanwhile").isGreaterThanOrEqualTo(3);
                assertThat(records.arrivals()).noneMatch(a -> a.isFrameOf("silent"));
            }
        }
        // the job is cancelled: the silent camera's thread ends within its read timeout
        long deadline = System.currentTimeMillis() + 5_000;
        while (cameraThreadAlive("silent") && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cameraThreadAlive("silent")).as("camera thread still blocked").isFalse();
    }

    /**
     * A camera that sends a frame or two and drops, again and again: its reconnect delays keep growing (a session of
     * a moment does not count as back), where before every blip started them over at the initial delay.
     */
    @Test
    void aCameraThatSendsAFrameAndDropsIsRetriedLessAndLessOften(@TempDir Path dir) throws Exception {
        byte[] blip = Files.readAllBytes(SyntheticVideo.of(160, 120, 10, 2).writeTo(dir.resolve("blip.ts")));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept()) {
                        client.getOutputStream().write(blip); // two frames, then the connection closes
                    } catch (IOException closedOrGone) {
                        // the camera hung up first (serve the next one), or the test is over (the loop ends)
                    }
                }
            }, "blip-server");
            sender.setDaemon(true);
            sender.start();
            LiveSettings backoff = new LiveSettings(1_000, 2_000, 200, 3_200, 16);
            CameraSpec blinking = CameraSpec.builder("blip", "tcp://127.0.0.1:" + server.getLocalPort())
                    .sampling(Sampling.full()).size(80, 60).live(backoff).build();
            try (CloseableIterator<CameraRecord> it = run(List.of(blinking))) {
                RecordCollector records = new RecordCollector(it);
                records.awaitArrival(a -> a.isFrameOf("blip"), 0, Duration.ofSeconds(30));
                Arrival fourth = records.awaitArrival(a -> a.isStatusOf("blip", CameraStatus.RECONNECTING)
                        && a.status().attempt >= 4, 0, Duration.ofSeconds(60));
                assertThat(fourth.status().reason).as("the fourth attempt waits about 8 x 200 ms")
                        .matches("reconnecting in 1[2-9]\\d\\d ms \\(attempt 4\\)");
                assertThat(records.count(a -> a.isStatusOf("blip", CameraStatus.ONLINE), 0, fourth.atMs()))
                        .as("sessions before the fourth attempt").isBetween(1L, 4L);
            }
        }
    }

    /**
     * A stream that keeps sending bytes but no frame (MPEG-TS null packets after two frames), over plain TCP and over
     * HTTP: the watchdog on frame arrival reports it {@code stalled} after the stall timeout and reconnects; after
     * cancel no camera thread or watchdog is left and the server sees every connection closed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http"})
    void aStreamOfBytesWithoutFramesIsStalledByTheWatchdogAndNothingIsLeftAfterCancel(String protocol,
            @TempDir Path dir) throws Exception {
        byte[] blip = Files.readAllBytes(SyntheticVideo.of(160, 120, 10, 2).writeTo(dir.resolve("blip.ts")));
        byte[] nullPackets = SyntheticVideo.mpegTsNullPackets(40);
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        accepted.add(client);
                        Thread feeder = new Thread(() -> {
                            try {
                                if (protocol.equals("http")) {
                                    answerHttpRequest(client);
                                }
                                client.getOutputStream().write(blip);
                                while (true) {
                                    client.getOutputStream().write(nullPackets); // bytes, never a frame
                                    Thread.sleep(20);
                                }
                            } catch (IOException | InterruptedException gone) {
                                // the camera closed the connection
                            }
                        }, "null-packet-feeder");
                        feeder.setDaemon(true);
                        feeder.start();
                    } catch (IOException closed) {
                        // the test is over
                    }
                }
            }, "null-packet-server");
            sender.setDaemon(true);
            sender.start();
            String path = protocol.equals("http") ? "/live.ts" : "";
            CameraSpec busy = CameraSpec.builder("busy", protocol + "://127.0.0.1:" + server.getLocalPort() + path)
                    .sampling(Sampling.full()).size(80, 60).live(new LiveSettings(1_000, 2_000, 500, 1_000, 16))
                    .build();
            try (CloseableIterator<CameraRecord> it = run(List.of(busy))) {
                RecordCollector records = new RecordCollector(it);
                Arrival frame = records.awaitArrival(a -> a.isFrameOf("busy"), 0, Duration.ofSeconds(30));
                Arrival stalled = records.awaitArrival(a -> a.isStatusOf("busy", CameraStatus.STALLED), frame.atMs(),
                        Duration.ofSeconds(20));
                assertThat(stalled.status().reason).contains("no frame was decoded for");
                records.awaitArrivalAfter(stalled, a -> a.isStatusOf("busy", CameraStatus.RECONNECTING),
                        Duration.ofSeconds(10));
            }
            long deadline = System.currentTimeMillis() + 5_000;
            while (cameraThreadAlive("busy") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(cameraThreadAlive("busy")).as("camera thread left after cancel").isFalse();
            assertThat(FrameWatchdog.open()).as("watchdogs left after cancel").isZero();
            for (Socket client : accepted) {
                client.setSoTimeout(5_000);
                assertThat(client.getInputStream().read()).as("the camera's end of connection %s", client).isEqualTo(-1);
            }
        }
    }

    /** Reads an HTTP request's head and answers 200 with an MPEG-TS body of unknown length. */
    private static void answerHttpRequest(Socket client) throws IOException {
        java.io.InputStream in = client.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static boolean cameraThreadAlive(String camera) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("sparsight-camera-" + camera));
    }
}
