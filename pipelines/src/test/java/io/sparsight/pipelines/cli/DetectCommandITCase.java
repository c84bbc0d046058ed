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

/** {@code sparsight detect} over the sample clip (Ped2, people walking): JSON per analysed frame, JPEGs with boxes. */
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
}
