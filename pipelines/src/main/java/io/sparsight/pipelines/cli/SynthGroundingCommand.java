package io.sparsight.pipelines.cli;

import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.SyntheticGrounding;
import io.sparsight.operators.source.FfmpegLog;
import io.sparsight.pipelines.data.SceneVideos;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sparsight synth grounding}: rendered videos of moving actors with sentences and their exact moments, in
 * the Charades-STA layout per split: {@code OUT/<split>/videos/<id>.mp4} and {@code OUT/<split>/annotations.txt}
 * ({@code id start end##sentence}).
 */
@Command(name = "grounding", mixinStandardHelpOptions = true,
        description = {"Render a temporal-grounding dataset: train, val, test and paraphrase splits (the paraphrase",
                "split's sentence templates never occur in the others), Charades-STA annotation format."})
final class SynthGroundingCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write")
    Path out;

    @Option(names = "--videos", defaultValue = "200", description = "videos in all splits (default: ${DEFAULT-VALUE})")
    int videos;

    @Option(names = "--seed", defaultValue = "42", description = "the same seed gives the same dataset (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (videos < SyntheticGrounding.Split.values().length) {
            System.err.println("--videos must be at least " + SyntheticGrounding.Split.values().length + " (one per split).");
            return 2;
        }
        FfmpegLog.install(); // FFmpeg's own log through SLF4J, not straight to stderr
        Path dir = CliPaths.resolve(out);
        List<SyntheticGrounding.Video> dataset = SyntheticGrounding.generate(videos, seed);
        Map<SyntheticGrounding.Split, StringBuilder> annotations = new EnumMap<>(SyntheticGrounding.Split.class);
        int queries = 0;
        for (SyntheticGrounding.Video video : dataset) {
            Path videoDir = Files.createDirectories(dir.resolve(video.split().folder()).resolve("videos"));
            SceneVideos.write(video.scene(), videoDir.resolve(video.id() + ".mp4"));
            StringBuilder lines = annotations.computeIfAbsent(video.split(), s -> new StringBuilder());
            for (GroundingSample q : video.queries()) {
                lines.append(String.format(Locale.ROOT, "%s %.2f %.2f##%s%n", q.videoId(), q.moment().start(),
                        q.moment().end(), q.sentence()));
                queries++;
            }
        }
        for (Map.Entry<SyntheticGrounding.Split, StringBuilder> e : annotations.entrySet()) {
            Files.writeString(dir.resolve(e.getKey().folder()).resolve("annotations.txt"), e.getValue().toString(),
                    StandardCharsets.UTF_8);
        }
        System.out.printf(Locale.ROOT, "%d videos (%dx%d, %.0f fps, %.0f s) and %d queries in %s: %s%n", dataset.size(),
                SyntheticGrounding.WIDTH, SyntheticGrounding.HEIGHT, SyntheticGrounding.FPS, SyntheticGrounding.SECONDS,
                queries, dir, String.join(", ", annotations.keySet().stream().map(SyntheticGrounding.Split::folder).toList()));
        return 0;
    }

}
