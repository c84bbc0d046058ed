package io.sparsight.operators.source;

import com.sun.net.httpserver.HttpServer;
import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.testing.RecordCollector;
import io.sparsight.operators.testing.RecordCollector.Arrival;
import io.sparsight.operators.testing.RtpMpegTs;
import io.sparsight.operators.testing.RtspTestServer;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import io.sparsight.operators.testing.UdpStreamSender;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.CloseableIterator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** More network inputs against real FFmpeg streams on 127.0.0.1: MPEG-TS over UDP, HLS over HTTP, RTMP and SRT. */
class NetworkInputsITCase {

    private static final LiveSettings FAST = new LiveSettings(1_000, 2_000, 200, 1_000, 16);

    @TempDir
    Path dir;

    private static CloseableIterator<CameraRecord> run(CameraSpec camera) throws Exception {
        return TestFlink.localEnvironment(1)
                .fromSource(VideoSource.unbounded(List.of(camera)), WatermarkStrategy.noWatermarks(), "video")
                .executeAndCollect("network-it");
    }

    /** The local addresses (hex, as the kernel writes them) of the IPv4 UDP sockets bound to {@code port}. */
    private static List<String> udpListeners(int port) throws IOException {
        String portHex = String.format("%04X", port);
        return Files.readAllLines(Path.of("/proc/net/udp")).stream().skip(1)
                .map(line -> line.trim().split("\\s+")[1])
                .filter(local -> local.endsWith(":" + portHex))
                .map(local -> local.substring(0, local.indexOf(':')))
                .toList();
    }

    @Test
    void udpStreamThatPausesIsReportedStalledAndComesBack() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CameraSpec udp = CameraSpec.builder("udp", "udp://127.0.0.1:" + port)
                .sampling(Sampling.fps(5)).size(80, 60).live(FAST).build();
        try (UdpStreamSender sender = new UdpStreamSender(port, 160, 120, 10)) {
            sender.start();
            try (CloseableIterator<CameraRecord> it = run(udp)) {
                RecordCollector records = new RecordCollector(it);
                records.awaitArrival(a -> a.isFrameOf("udp"), 0, Duration.ofSeconds(30));
                assertThat(udpListeners(port)).as("addresses listening on port %d (/proc/net/udp)", port)
                        .containsExactly("0100007F");
                sender.stop();
                long stoppedAt = System.currentTimeMillis();
                Arrival lost = records.awaitArrival(a -> a.isStatusOf("udp", CameraStatus.STALLED),
                        stoppedAt, Duration.ofSeconds(15));
                sender.start();
                long restartedAt = System.currentTimeMillis();
                Arrival back = records.awaitArrivalAfter(lost, a -> a.isFrameOf("udp"), Duration.ofSeconds(20));

                assertThat(lost.atMs() - stoppedAt).as("silence noticed within the read timeout (ms)").isLessThan(5_000);
                assertThat(back.atMs() - restartedAt).as("frames resume (ms)").isLessThan(10_000);
                List<Arrival> afterLoss = records.arrivals().subList(records.arrivals().indexOf(lost) + 1,
                        records.arrivals().indexOf(back));
                assertThat(afterLoss).as("recovery reported before the first new frame")
                        .anyMatch(a -> a.isStatusOf("udp", CameraStatus.ONLINE));
            }
        }
    }

    @Test
    void hlsOverHttpIsACamera() throws Exception {
        // an HLS rendition of a generated clip: playlist and segments served on 127.0.0.1
        Path clip = SyntheticVideo.of(160, 120, 10, 60).movingBlock(0, 60).writeTo(dir.resolve("clip.mp4"));
        Path hls = Files.createDirectories(dir.resolve("hls"));
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile());
                FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(hls.resolve("live.m3u8").toFile(), 160, 120, 0)) {
            grabber.start();
            recorder.setFormat("hls");
            recorder.setOption("hls_time", "2");
            recorder.setOption("hls_list_size", "0");
            // H.264 repeats its parameter sets in-band, which MPEG-TS segments need (MPEG-4 part 2 here would not)
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P);
            recorder.setVideoBitrate(400_000);
            recorder.setFrameRate(10);
            recorder.setGopSize(10);
            recorder.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                recorder.record(frame);
            }
            recorder.stop();
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = hls.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            respond(exchange, file.startsWith(hls) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null);
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.m3u8";
            // A finished playlist is read as fast as FFmpeg can; a hand-over queue larger than the clip keeps a slow
            // (loaded) test JVM from dropping frames, which is not what this test is about.
            LiveSettings roomForTheClip = new LiveSettings(1_000, 2_000, 200, 1_000, 64);
            CameraSpec camera = CameraSpec.builder("hls", url).sampling(Sampling.full()).size(80, 60)
                    .live(roomForTheClip).build();
            assertThat(camera.kind()).isEqualTo(InputKind.NETWORK);
            try (CloseableIterator<CameraRecord> it = run(camera)) {
                RecordCollector records = new RecordCollector(it);
                records.awaitArrival(a -> a.isStatusOf("hls", CameraStatus.ONLINE), 0, Duration.ofSeconds(30));
                // a finished (VOD) playlist ends: the camera reports it and keeps trying, like a live one
                records.awaitArrival(a -> a.isStatusOf("hls", CameraStatus.OFFLINE), 0, Duration.ofSeconds(30));
                long frames = records.count(a -> a.isFrameOf("hls"), 0, Long.MAX_VALUE);
                assertThat(frames).as("frames of the 60-frame clip").isBetween(55L, 60L);
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * A live HLS playlist that keeps growing, but with segments that carry no frame (MPEG-TS null packets) after
     * three with frames, or from the start: FFmpeg reads and reloads without end (probing, in the second case, up to
     * 5 MB while it opens the camera), so only the frame watchdog (FFmpeg's interrupt callback, in the format context
     * before the open) can tell; it reports {@code stalled} after the stall timeout. Before, the camera read on
     * without a status for good (with frames first), or stayed in FFmpeg's open for minutes (without).
     */
    @ParameterizedTest(name = "{0} segments with frames first")
    @ValueSource(ints = {3, 0})
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anHlsStreamWhoseNewSegmentsCarryNoFrameIsStalled(int segmentsWithFrames) throws Exception {
        byte[] withFrames = Files.readAllBytes(SyntheticVideo.of(160, 120, 10, 10).writeTo(dir.resolve("frames.ts")));
        byte[] withoutFrames = SyntheticVideo.mpegTsNullPackets(200);
        java.util.concurrent.atomic.AtomicInteger playlistReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean serving = new java.util.concurrent.atomic.AtomicBoolean(true);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            if (!serving.get()) {
                body = null;
            } else if (path.equals("/live.m3u8")) {
                // segments with frames, then one more without frames at every reload: a playlist that grows
                int segments = Math.max(1, segmentsWithFrames) + playlistReads.getAndIncrement();
                StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"
                        + "#EXT-X-MEDIA-SEQUENCE:0\n");
                for (int n = 0; n < segments; n++) {
                    playlist.append("#EXTINF:1.0,\n").append(n < segmentsWithFrames ? "frames" : "empty").append(n)
                            .append(".ts\n");
                }
                body = playlist.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            } else {
                body = path.startsWith("/frames") ? withFrames : path.startsWith("/empty") ? withoutFrames : null;
            }
            respond(exchange, body);
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.m3u8";
            CameraSpec camera = CameraSpec.builder("hls", url).sampling(Sampling.full()).size(80, 60)
                    .live(new LiveSettings(1_000, 2_000, 200, 1_000, 64)).build();
            try (CloseableIterator<CameraRecord> it = run(camera)) {
                RecordCollector records = new RecordCollector(it);
                long from = 0;
                if (segmentsWithFrames > 0) {
                    from = records.awaitArrival(a -> a.isFrameOf("hls"), 0, Duration.ofSeconds(30)).atMs();
                }
                Arrival stalled = records.awaitArrival(a -> a.isStatusOf("hls", CameraStatus.STALLED), from,
                        Duration.ofSeconds(segmentsWithFrames > 0 ? 20 : 30));
                assertThat(stalled.status().reason).contains("no frame was decoded for");
                if (segmentsWithFrames == 0) {
                    assertThat(records.arrivals()).noneMatch(a -> a.isFrameOf("hls"));
                }
                serving.set(false); // the reconnect finds no playlist and fails at once: the test ends cleanly
                records.awaitArrivalAfter(stalled, a -> a.isStatusOf("hls", CameraStatus.RECONNECTING),
                        Duration.ofSeconds(10));
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * RTMP and SRT, served by FFmpeg itself (one client each: {@code -listen 1}, {@code mode=listener}): one second
     * of video, then audio only, so the connection keeps carrying bytes but no frame. The frames arrive; the watchdog
     * reports the camera stalled after the stall timeout and closes the connection, which ends the server. Before,
     * Sparsight's {@code timeout} option (RTMP's listen timeout) made an RTMP camera listen instead of connect, and
     * once connected, a stream without frames was never cut: the demuxer opened RTMP itself, without the watchdog.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rtmp", "srt"})
    void aServedStreamIsACameraAndGoingOnWithoutFramesIsStalled(String protocol) throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = protocol.equals("rtmp") ? "rtmp://127.0.0.1:" + port + "/live/cam" : "srt://127.0.0.1:" + port;
        List<String> output = protocol.equals("rtmp") ? List.of("-f", "flv", "-listen", "1", url)
                : List.of("-f", "mpegts", url + "?mode=listener");
        String ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new java.util.ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-loglevel",
                "error", "-re", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=1",
                "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000",
                "-map", "0:v", "-map", "1:a", "-c:v", protocol.equals("rtmp") ? "flv1" : "mpeg2video", "-c:a", "aac"));
        command.addAll(output);
        ProcessBuilder serverCommand = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(protocol + "-server.log").toFile());
        serverCommand.environment().merge("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString(),
                (old, add) -> add + ":" + old);
        Process server = serverCommand.start();
        try {
            CameraSpec camera = CameraSpec.builder(protocol, url).sampling(Sampling.full()).size(80, 60)
                    .live(new LiveSettings(1_000, 2_000, 200, 1_000, 16)).build();
            try (CloseableIterator<CameraRecord> it = run(camera)) {
                RecordCollector records = new RecordCollector(it);
                Arrival frame = records.awaitArrival(a -> a.isFrameOf(protocol), 0, Duration.ofSeconds(30));
                Arrival stalled = records.awaitArrival(a -> a.isStatusOf(protocol, CameraStatus.STALLED),
                        frame.atMs(), Duration.ofSeconds(20));
                assertThat(stalled.status().reason).contains("no frame was decoded for");
                assertThat(server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                        .as("the server ended: the camera closed its connection").isTrue();
            }
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * RTSP over TCP (Sparsight's default transport) from a small RTSP server: MPEG-TS over RTP, two frames, then null
     * packets for good, so the RTSP connection keeps carrying bytes but no frame. The frames arrive; the watchdog
     * reports the camera stalled after the stall timeout and the camera closes its connection. Before, FFmpeg's RTSP
     * client read through a connection it had opened before the watchdog could be set, and never gave up.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the fix the camera hung for good
    void rtspOverTcpIsACameraAndAStreamWithoutFramesIsStalled() throws Exception {
        byte[] frames = Files.readAllBytes(SyntheticVideo.of(160, 120, 10, 2).writeTo(dir.resolve("frames.ts")));
        try (RtspTestServer server = new RtspTestServer(frames, SyntheticVideo.mpegTsNullPackets(7))) {
            CameraSpec camera = CameraSpec.builder("rtsp", server.url()).sampling(Sampling.full()).size(80, 60)
                    .live(new LiveSettings(1_000, 2_000, 200, 1_000, 16)).build();
            try (CloseableIterator<CameraRecord> it = run(camera)) {
                RecordCollector records = new RecordCollector(it);
                Arrival frame = records.awaitArrival(a -> a.isFrameOf("rtsp"), 0, Duration.ofSeconds(30));
                Arrival stalled = records.awaitArrival(a -> a.isStatusOf("rtsp", CameraStatus.STALLED), frame.atMs(),
                        Duration.ofSeconds(20));
                assertThat(stalled.status().reason).contains("no frame was decoded for");
            }
            assertThat(server.connections()).isPositive();
            assertThat(server.awaitClientsGone(Duration.ofSeconds(5))).as("every connection closed by the camera")
                    .isTrue();
        }
    }

    /**
     * An RTSP stream that announces a video stream (MPEG-TS tables) but never sends a frame: FFmpeg probes it while
     * opening, for up to 5 MB by default (over a minute at this rate). The watchdog, in the format context before the
     * open, cuts the probing after the stall timeout: {@code stalled}, without a frame ever arriving.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anRtspStreamThatAnnouncesVideoButSendsNoFrameIsStalledWhileItIsProbed() throws Exception {
        try (RtspTestServer server = new RtspTestServer(new byte[0], tablesThenNullPackets())) {
            assertStalledWithoutAFrame(server.url());
            assertThat(server.awaitClientsGone(Duration.ofSeconds(5))).as("every connection closed by the camera")
                    .isTrue();
        }
    }

    /**
     * The same over plain RTP (MPEG-TS in RTP over UDP, no RTSP): the stream's tables and then null packets, a packet
     * every 20 ms. FFmpeg's RTP demuxer probes it while opening; the watchdog, in the format context before the open,
     * cuts that after the stall timeout.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anRtpStreamThatAnnouncesVideoButSendsNoFrameIsStalledWhileItIsProbed() throws Exception {
        byte[] tablesOnly = tablesThenNullPackets();
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                long started = System.nanoTime();
                for (int sequence = 0; sending.get(); sequence++) {
                    byte[] rtp = RtpMpegTs.packet(sequence & 0xFFFF, (System.nanoTime() - started) / 1_000_000 * 90,
                            tablesOnly, 0, tablesOnly.length);
                    socket.send(new java.net.DatagramPacket(rtp, rtp.length, InetAddress.getLoopbackAddress(), port));
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException stopped) {
                // the test is over
            }
        }, "rtp-sender");
        sender.setDaemon(true);
        sender.start();
        try {
            assertStalledWithoutAFrame("rtp://127.0.0.1:" + port);
        } finally {
            sending.set(false);
        }
    }

    /** A camera on the URL (2 s stall timeout) is reported stalled within 30 s and never sends a frame. */
    private static void assertStalledWithoutAFrame(String url) throws Exception {
        CameraSpec camera = CameraSpec.builder("probed", url).sampling(Sampling.full()).size(80, 60)
                .live(new LiveSettings(1_000, 2_000, 200, 1_000, 16)).build();
        try (CloseableIterator<CameraRecord> it = run(camera)) {
            RecordCollector records = new RecordCollector(it);
            Arrival stalled = records.awaitArrival(a -> a.isStatusOf("probed", CameraStatus.STALLED), 0,
                    Duration.ofSeconds(30));
            assertThat(stalled.status().reason).contains("no frame was decoded for");
            assertThat(records.arrivals()).noneMatch(a -> a.isFrameOf("probed"));
        }
    }

    /** A synthetic clip's MPEG-TS tables (its first three packets: SDT, PAT, PMT) and four null packets. */
    private byte[] tablesThenNullPackets() throws IOException {
        byte[] clip = Files.readAllBytes(SyntheticVideo.of(160, 120, 10, 2).writeTo(dir.resolve("tables.ts")));
        byte[] tables = new byte[7 * 188];
        System.arraycopy(clip, 0, tables, 0, 3 * 188);
        System.arraycopy(SyntheticVideo.mpegTsNullPackets(4), 0, tables, 3 * 188, 4 * 188);
        return tables;
    }

    /** Answers 200 with the body, or 404 when there is none. */
    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
