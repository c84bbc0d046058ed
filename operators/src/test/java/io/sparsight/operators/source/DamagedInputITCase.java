package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.testing.RecordCollector;
import io.sparsight.operators.testing.RecordCollector.Arrival;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Damaged and odd inputs through the real source: no crash, decoding goes on where it can, statuses say what happened. */
class DamagedInputITCase {

    private static final int TS_PACKET = 188;

    @TempDir
    Path dir;

    private static List<CameraRecord> readAll(CameraSpec... cameras) throws Exception {
        List<CameraRecord> records = new ArrayList<>();
        try (CloseableIterator<CameraRecord> it = TestFlink.localEnvironment(1)
                .fromSource(VideoSource.bounded(List.of(cameras)), WatermarkStrategy.noWatermarks(), "video")
                .executeAndCollect("damaged-input-it")) {
            it.forEachRemaining(records::add);
        }
        return records;
    }

    private static List<VideoFrame> frames(List<CameraRecord> records, String camera) {
        return records.stream().filter(r -> r.isFrame() && r.frame.cameraId.equals(camera)).map(r -> r.frame).toList();
    }

    private static List<CameraStatus> statuses(List<CameraRecord> records, String camera) {
        return records.stream().filter(r -> !r.isFrame() && r.status.cameraId.equals(camera)).map(r -> r.status).toList();
    }

    /** Writes 8 random bytes into the payload of about 1% of the MPEG-TS packets; returns how many were hit. */
    private static int corruptOnePercentOfPackets(byte[] bytes) {
        Random random = new Random(42);
        int packets = bytes.length / TS_PACKET;
        int damaged = 0;
        for (int p = 0; p < packets; p++) {
            if (random.nextDouble() < 0.01) {
                for (int k = 0; k < 8; k++) {
                    int at = p * TS_PACKET + 4 + random.nextInt(TS_PACKET - 4);
                    bytes[at] = (byte) random.nextInt(256);
                }
                damaged++;
            }
        }
        return damaged;
    }

    /** The same damage on a live camera (MPEG-TS over TCP): decoding goes on and a {@code damaged} status says so. */
    @Test
    void flippedBytesOnALiveCameraAreReportedAndDecodingGoesOn() throws Exception {
        byte[] bytes = Files.readAllBytes(
                SyntheticVideo.of(160, 120, 10, 100).movingBlock(0, 100).writeTo(dir.resolve("clean.ts")));
        assertThat(corruptOnePercentOfPackets(bytes)).isPositive();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread sender = new Thread(() -> {
                try (Socket client = server.accept()) {
                    client.getOutputStream().write(bytes); // once, then the connection closes
                } catch (IOException gone) {
                    // the test is over
                }
            }, "damaged-stream-server");
            sender.setDaemon(true);
            sender.start();
            CameraSpec live = CameraSpec.builder("live", "tcp://127.0.0.1:" + server.getLocalPort())
                    .sampling(Sampling.full()).size(80, 60).live(new LiveSettings(1_000, 2_000, 200, 1_000, 128))
                    .build();
            try (CloseableIterator<CameraRecord> it = TestFlink.localEnvironment(1)
                    .fromSource(VideoSource.unbounded(List.of(live)), WatermarkStrategy.noWatermarks(), "video")
                    .executeAndCollect("damaged-live-it")) {
                RecordCollector records = new RecordCollector(it);
                Arrival damage = records.awaitArrival(
                        a -> a.isStatusOf("live", CameraStatus.DAMAGED), 0, Duration.ofSeconds(30));
                assertThat(damage.status().reason).contains("FFmpeg error");
                records.awaitArrival(a -> a.isStatusOf("live", CameraStatus.OFFLINE), 0,
                        Duration.ofSeconds(30));
                assertThat(records.count(a -> a.isFrameOf("live"), 0, Long.MAX_VALUE))
                        .as("frames decoded from the damaged stream").isGreaterThan(80);
            }
        }
    }

    @Test
    void flippedBytesInOnePercentOfTsPacketsAreReportedAndDecodingGoesOn() throws Exception {
        Path clean = SyntheticVideo.of(160, 120, 10, 100).movingBlock(0, 100).writeTo(dir.resolve("clean.ts"));
        byte[] bytes = Files.readAllBytes(clean);
        int damaged = corruptOnePercentOfPackets(bytes);
        Path corrupt = Files.write(dir.resolve("corrupt.ts"), bytes);
        assertThat(damaged).isPositive();

        List<CameraRecord> records = readAll(
                CameraSpec.grey("corrupt", corrupt.toString(), 0, 80, 60),
                CameraSpec.grey("clean", clean.toString(), 0, 80, 60));

        assertThat(frames(records, "clean")).hasSize(100);
        assertThat(frames(records, "corrupt")).hasSizeGreaterThan(80);
        List<CameraStatus> corruptStatus = statuses(records, "corrupt");
        assertThat(corruptStatus).extracting(s -> s.state).contains(CameraStatus.DAMAGED, CameraStatus.ENDED);
        assertThat(corruptStatus.get(corruptStatus.size() - 1).reason).contains("FFmpeg errors");
        assertThat(statuses(records, "clean")).extracting(s -> s.state)
                .containsExactly(CameraStatus.ONLINE, CameraStatus.ENDED);
    }

    @Test
    void aTruncatedMp4DecodesUpToTheCutAndReportsIt() throws Exception {
        Path whole = SyntheticVideo.of(160, 120, 10, 100).movingBlock(0, 100).fastStart()
                .writeTo(dir.resolve("whole.mp4"));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("truncated.mp4");
        try (OutputStream out = Files.newOutputStream(truncated)) {
            out.write(bytes, 0, bytes.length * 6 / 10);
        }
        List<CameraRecord> records = readAll(CameraSpec.grey("cut", truncated.toString(), 0, 80, 60));

        assertThat(frames(records, "cut")).hasSizeBetween(30, 70);
        assertThat(statuses(records, "cut")).extracting(s -> s.state)
                .contains(CameraStatus.ONLINE, CameraStatus.ENDED)
                .doesNotContain(CameraStatus.ERROR);
        assertThat(statuses(records, "cut")).anySatisfy(s -> assertThat(s.state).isIn(CameraStatus.DAMAGED));
    }

    @Test
    void anMp4CutBeforeItsIndexIsAClearError() throws Exception {
        Path whole = SyntheticVideo.of(160, 120, 10, 50).writeTo(dir.resolve("whole.mp4")); // index at the end
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = dir.resolve("no-index.mp4");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        List<CameraRecord> records = readAll(CameraSpec.grey("no-index", truncated.toString(), 0, 80, 60));
        assertThat(frames(records, "no-index")).isEmpty();
        assertThat(statuses(records, "no-index")).singleElement().satisfies(s -> {
            assertThat(s.state).isEqualTo(CameraStatus.ERROR);
            assertThat(s.reason).contains("cannot open").contains("no-index.mp4");
        });
    }

    @Test
    void timestampJumpsBackAndForwardAreReportedOnceEachAndTimeStaysMonotonic() throws Exception {
        Path a = SyntheticVideo.of(160, 120, 10, 30).writeTo(dir.resolve("a.ts"));
        Path b = SyntheticVideo.of(160, 120, 10, 30).writeTo(dir.resolve("b.ts"));              // restarts at 0: back
        Path c = SyntheticVideo.of(160, 120, 10, 30).firstTimestamp(120_000_000L).writeTo(dir.resolve("c.ts")); // +2 min
        Path joined = dir.resolve("joined.ts");
        try (OutputStream out = Files.newOutputStream(joined)) {
            for (Path part : List.of(a, b, c)) {
                out.write(Files.readAllBytes(part));
            }
        }
        List<CameraRecord> records = readAll(CameraSpec.grey("jumpy", joined.toString(), 0, 80, 60));

        List<VideoFrame> frames = frames(records, "jumpy");
        assertThat(frames).hasSize(90);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).streamOffsetMs).as("offset of frame %d", i)
                    .isGreaterThanOrEqualTo(frames.get(i - 1).streamOffsetMs);
            assertThat(frames.get(i).captureTimeMs).isGreaterThanOrEqualTo(frames.get(i - 1).captureTimeMs);
        }
        assertThat(frames.get(89).streamOffsetMs).as("9 s of video, re-based").isBetween(8_500L, 9_500L);
        List<CameraStatus> jumps = statuses(records, "jumpy").stream()
                .filter(s -> s.state.equals(CameraStatus.DISCONTINUITY)).toList();
        assertThat(jumps).hasSize(2);
        assertThat(jumps.get(0).gapMs).as("backward jump").isNegative();
        assertThat(jumps.get(1).gapMs).as("forward jump").isGreaterThan(100_000);
    }

    @Test
    void aFolderOfNumberedImagesIsACamera() throws Exception {
        Path video = SyntheticVideo.of(160, 120, 10, 12).movingBlock(0, 12).writeTo(dir.resolve("v.mp4"));
        Path folder = Files.createDirectories(dir.resolve("frames"));
        // one JPEG per frame, named like the UCSD data: 000.jpg, 001.jpg, ...
        org.bytedeco.javacv.FFmpegFrameGrabber grabber = new org.bytedeco.javacv.FFmpegFrameGrabber(video.toString());
        grabber.start();
        org.bytedeco.javacv.Frame f;
        int n = 0;
        try (org.bytedeco.javacv.Java2DFrameConverter converter = new org.bytedeco.javacv.Java2DFrameConverter()) {
            while ((f = grabber.grabImage()) != null) {
                javax.imageio.ImageIO.write(converter.convert(f), "jpg", folder.resolve(String.format("%03d.jpg", n++)).toFile());
            }
        }
        grabber.close();
        CameraSpec images = CameraSpec.builder("images", folder.toString()).sampling(Sampling.full()).size(80, 60)
                .ffmpegOption("framerate", "10").build();
        assertThat(images.kind()).isEqualTo(InputKind.IMAGE_SEQUENCE);

        List<VideoFrame> frames = frames(readAll(images), "images");
        assertThat(frames).hasSize(12);
        assertThat(frames.get(11).streamOffsetMs).isEqualTo(1_100);
    }

    @Test
    void aFileThatIsNotVideoIsAClearError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all");
        List<CameraRecord> records = readAll(CameraSpec.grey("text", text.toString(), 5, 64, 48));
        assertThat(statuses(records, "text")).singleElement()
                .satisfies(s -> assertThat(s.reason).contains("cannot open").doesNotContain("setFormat"));
    }

}
