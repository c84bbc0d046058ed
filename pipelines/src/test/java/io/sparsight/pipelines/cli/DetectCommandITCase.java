package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sparsight detect} over the sample clip (Ped2, people walking): JSON per analysed frame, JPEGs with boxes;
 * with {@code --poses} people's keypoints; numbered images as input.
 */
class DetectCommandITCase {

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void findsThePeopleOfTheSampleClipAndDrawsThem() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path out = dir.resolve("frames");
        assertThat(SparsightCli.run("detect", "--input", clip.toString(), "--fps", "1", "--json", "--out",
                out.toString())).as(console.err()).isZero();

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> frames = new ArrayList<>();
        for (String line : console.out().strip().split("\n")) {
            if (line.startsWith("{")) {
                frames.add(json.readTree(line));
            }
        }
        assertThat(frames).as("one line per second of the 18 s clip").hasSizeBetween(17, 19);
        for (int k = 1; k < frames.size(); k++) {
            assertThat(frames.get(k).path("time_ms").asLong() - frames.get(k - 1).path("time_ms").asLong())
                    .as("a second of video between analysed frames").isBetween(900L, 1100L);
        }
        for (JsonNode frame : frames) {
            List<JsonNode> people = new ArrayList<>();
            frame.path("detections").forEach(d -> {
                if (d.path("class").asText().equals("person")) {
                    people.add(d);
                }
            });
            assertThat(people).as("people in frame %s", frame).isNotEmpty();
            for (JsonNode person : people) {
                JsonNode box = person.path("box");
                assertThat(box.get(2).asInt()).isBetween(box.get(0).asInt(), 360);
                assertThat(box.get(3).asInt()).isBetween(box.get(1).asInt(), 240);
                assertThat(person.path("score").asDouble()).isBetween(0.4, 1.0);
            }
        }
        List<Path> jpegs;
        try (Stream<Path> files = Files.list(out)) {
            jpegs = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(jpegs).hasSize(frames.size());
        BufferedImage first = ImageIO.read(jpegs.get(0).toFile());
        assertThat(first.getWidth()).isEqualTo(360);
        assertThat(first.getHeight()).isEqualTo(240);
    }

    @Test
    void findsPosesOnNumberedImagesToo() throws Exception {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path numbered = Files.createDirectories(dir.resolve("numbered"));
        assertThat(SparsightCli.run("ffmpeg", "-loglevel", "error", "-i", clip.toString(), "-vf", "fps=0.5",
                "-frames:v", "3", numbered.resolve("%03d.jpg").toString())).isZero();
        console.reset();

        assertThat(SparsightCli.run("detect", "--input", numbered.resolve("%03d.jpg").toString(), "--fps", "0",
                "--poses", "--json")).as(console.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> frames = new ArrayList<>();
        for (String line : console.out().strip().split("\n")) {
            if (line.startsWith("{")) {
                frames.add(json.readTree(line));
            }
        }
        assertThat(frames).as("one line per image").hasSize(3);
        int onAPerson = 0;
        int confident = 0;
        for (JsonNode frame : frames) {
            assertThat(frame.path("poses").size()).as("poses in %s", frame).isBetween(1, 6);
            for (JsonNode pose : frame.path("poses")) {
                JsonNode k = pose.path("keypoints");
                assertThat(k.size()).isEqualTo(17 * 3);
                for (int i = 0; i < 17; i++) {
                    if (k.get(3 * i + 2).asDouble() < 0.3) {
                        continue;
                    }
                    confident++;
                    int x = k.get(3 * i).asInt();
                    int y = k.get(3 * i + 1).asInt();
                    for (JsonNode d : frame.path("detections")) {
                        JsonNode box = d.path("box");
                        int margin = (box.get(3).asInt() - box.get(1).asInt()) / 4;
                        if (d.path("class").asText().equals("person") && x >= box.get(0).asInt() - margin
                                && x <= box.get(2).asInt() + margin && y >= box.get(1).asInt() - margin
                                && y <= box.get(3).asInt() + margin) {
                            onAPerson++;
                            break;
                        }
                    }
                }
            }
        }
        assertThat(confident).isGreaterThan(10);
        assertThat(onAPerson).as("confident keypoints on a detected person").isGreaterThan(confident * 8 / 10);
    }
}
