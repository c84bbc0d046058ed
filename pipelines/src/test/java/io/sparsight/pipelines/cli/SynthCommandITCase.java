package io.sparsight.pipelines.cli;

import io.sparsight.models.data.CharadesSta;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.SyntheticGrounding;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sparsight synth grounding}: videos FFmpeg can read and Charades-STA annotations our reader accepts. */
class SynthCommandITCase {

    @TempDir
    Path dir;

    @Test
    void writesEverySplitAsVideosAndCharadesStaAnnotations() throws Exception {
        assertThat(SparsightCli.run("synth", "grounding", "--out", dir.toString(), "--videos", "5", "--seed", "3")).isZero();
        for (String split : List.of("train", "val", "test", "paraphrase")) {
            List<GroundingSample> queries = CharadesSta.read(dir.resolve(split).resolve("annotations.txt"));
            assertThat(queries).as(split).isNotEmpty();
            for (GroundingSample q : queries) {
                Path video = dir.resolve(split).resolve("videos").resolve(q.videoId() + ".mp4");
                assertThat(video).exists();
                assertThat(q.moment().end()).isLessThanOrEqualTo(SyntheticGrounding.SECONDS);
            }
        }
        Path first = Files.list(dir.resolve("train").resolve("videos")).sorted().findFirst().orElseThrow();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(first.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertThat(grabber.getImageWidth()).isEqualTo(SyntheticGrounding.WIDTH);
            assertThat(frames).isEqualTo((int) (SyntheticGrounding.SECONDS * SyntheticGrounding.FPS));
        }
    }
}
