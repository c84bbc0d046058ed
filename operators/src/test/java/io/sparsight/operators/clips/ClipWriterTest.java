package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ClipWriterTest {

    @TempDir
    Path dir;

    private ClipsConfig config(Path store) {
        return ClipsConfig.defaults().withStore(store.toString()).withCameras(Set.of("cam"));
    }

    @Test
    void aClipHasTheFramesOfItsSpanAtTheirTimesAndASnapshotWithTheBox() throws Exception {
        List<VideoFrame> all = ClipFrames.moving("cam", 160, 120, 100, 0, 100); // 10 fps, 0 .. 9.9 s
        List<VideoFrame> clipFrames = all.subList(20, 81); // 2.0 .. 8.0 s
        ClipSpan.Box box = new ClipSpan.Box(20, 40, 60, 80, "person #1");
        try (ClipWriter writer = new ClipWriter(config(dir))) {
            ClipData clip = writer.write(new ClipWriter.Job("event-1", "cam", clipFrames, all.get(50), List.of(box),
                    clipFrames.get(0).captureTimeMs));
            assertThat(clip.error()).isNull();
            assertThat(clip.frames()).isEqualTo(61);
            assertThat(clip.start()).isEqualTo("2026-01-01T00:00:02Z");
            assertThat(clip.end()).isEqualTo("2026-01-01T00:00:08Z");
            File mp4 = new File(URI.create(clip.uri()));
            assertThat(mp4).isEqualTo(dir.resolve("cam").resolve("event-1.mp4").toFile());

            List<Long> times = new ArrayList<>();
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4)) {
                grabber.start();
                assertThat(grabber.getVideoCodecName()).isIn("h264", "libopenh264");
                assertThat(grabber.getImageWidth()).isEqualTo(160);
                Frame frame;
                while ((frame = grabber.grabImage()) != null) {
                    times.add(frame.timestamp);
                }
            }
            assertThat(times).hasSize(61);
            assertThat(times.get(0)).isZero();
            assertThat(times.get(60)).isBetween(5_990_000L, 6_010_000L);

            BufferedImage snapshot = ImageIO.read(new File(URI.create(clip.snapshot())));
            assertThat(snapshot.getWidth()).isEqualTo(160);
            int edge = snapshot.getRGB(40, 40); // the box's top edge, drawn in amber
            assertThat((edge >> 16) & 0xff).isGreaterThan(180);
            assertThat(((edge >> 16) & 0xff) - (edge & 0xff)).isGreaterThan(80);
        }
    }

    @Test
    void aPredictionEventGetsAClipOfEachRealFrameBesideItsPrediction() throws Exception {
        List<VideoFrame> all = ClipFrames.moving("cam", 160, 120, 60, 0, 100);
        // predictions of frames 20..39 at a model's size (80x40, grey, mid-grey everywhere); frame 25's is missing
        List<VideoFrame> predictions = new ArrayList<>();
        for (int i = 20; i < 40; i++) {
            if (i == 25) {
                continue;
            }
            byte[] grey = new byte[80 * 40];
            Arrays.fill(grey, (byte) 128);
            VideoFrame predicted = new VideoFrame("cam", i, i * 100L, ClipFrames.STREAM_START_MS, 80, 40, 1, grey);
            predicted.predicted = true;
            predictions.add(predicted);
        }
        try (ClipWriter writer = new ClipWriter(config(dir))) {
            ClipData clip = writer.write(new ClipWriter.Job("event-p", "cam", all, all.get(30), List.of(), 0,
                    predictions));
            assertThat(clip.error()).isNull();
            assertThat(clip.frames()).as("the event's clip is the camera's footage").isEqualTo(60);
            File mp4 = new File(URI.create(clip.predicted()));
            assertThat(mp4).isEqualTo(dir.resolve("cam").resolve("event-p-predicted.mp4").toFile());
            int frames = 0;
            Java2DFrameConverter converter = new Java2DFrameConverter();
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(mp4)) {
                grabber.start();
                // the real 160x120 frame, then the 80x40 prediction scaled to 120 high: 240 wide
                assertThat(grabber.getImageWidth()).isEqualTo(160 + 240);
                assertThat(grabber.getImageHeight()).isEqualTo(120);
                Frame frame;
                while ((frame = grabber.grabImage()) != null) {
                    if (frames++ == 0) {
                        BufferedImage image = converter.convert(frame);
                        int right = image.getRGB(280, 60) & 0xff;
                        int left = image.getRGB(150, 5) & 0xff; // the generated frames are dark there
                        assertThat(right).as("the prediction's grey").isBetween(110, 146);
                        assertThat(left).isLessThan(40);
                    }
                }
            }
            assertThat(frames).as("one per prediction whose real frame is in the clip").isEqualTo(19);
        }
    }

    @Test
    void noFootageMeansNoClipAndSaysWhy() {
        try (ClipWriter writer = new ClipWriter(config(dir))) {
            ClipData clip = writer.write(new ClipWriter.Job("event-2", "cam", List.of(), null, List.of(), 0));
            assertThat(clip.uri()).isNull();
            assertThat(clip.error()).contains("no footage");
        }
    }

    @Test
    void retentionDeletesTheOldestFirst() throws Exception {
        Path camera = Files.createDirectories(dir.resolve("cam"));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 6; i++) {
            Path file = Files.write(camera.resolve("e" + i + ".mp4"), new byte[1_000]);
            Files.setLastModifiedTime(file, FileTime.fromMillis(now - TimeUnit.HOURS.toMillis(10 - i)));
        }
        ClipStore store = new ClipStore(dir.toString());
        // by size: 6,000 bytes against a limit of 3,500 leaves the newest three
        ClipStore.Retention bySize = store.enforce(now, TimeUnit.DAYS.toMillis(1), 3_500);
        assertThat(bySize.deleted()).isEqualTo(3);
        assertThat(camera.toFile().list()).containsExactlyInAnyOrder("e3.mp4", "e4.mp4", "e5.mp4");
        // by age: e3 (7 hours old) goes, e4 (6 hours) stays
        ClipStore.Retention byAge = store.enforce(now, TimeUnit.MINUTES.toMillis(390), 1_000_000);
        assertThat(byAge.deleted()).isEqualTo(1);
        assertThat(camera.toFile().list()).containsExactlyInAnyOrder("e4.mp4", "e5.mp4");
        assertThat(byAge.keptBytes()).isEqualTo(2_000);
    }

    @Test
    void aFullStoreGivesNoClipAndSaysTheStoreIsFull() throws Exception {
        Path full = Files.createDirectories(dir.resolve("tiny"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", full.toString()),
                "mounting a 64 KiB tmpfs needs root (as .ci/run has); without it a full disk cannot be made here");
        try (ClipWriter writer = new ClipWriter(config(full))) {
            List<VideoFrame> noise = noise(320, 240, 60);
            ClipData clip = writer.write(new ClipWriter.Job("event-3", "cam", noise, noise.get(0), List.of(),
                    noise.get(0).captureTimeMs));
            assertThat(clip.uri()).isNull();
            assertThat(clip.error()).startsWith("clip store ").contains("is full");
            assertThat(ClipWriter.isStoreFailure(clip)).isTrue();
            assertThat(full.resolve("cam").resolve("event-3.mp4")).doesNotExist();
        } finally {
            run("umount", full.toString());
        }
    }

    private static List<VideoFrame> noise(int width, int height, int count) {
        Random random = new Random(7);
        List<VideoFrame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] pixels = new byte[width * height * 3];
            random.nextBytes(pixels);
            frames.add(new VideoFrame("cam", i, i * 100L, ClipFrames.STREAM_START_MS, width, height, 3, pixels));
        }
        return frames;
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

}
