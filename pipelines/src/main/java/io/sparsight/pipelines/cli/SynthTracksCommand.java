package io.sparsight.pipelines.cli;

import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.SyntheticGrounding;
import io.sparsight.models.data.SyntheticTracks;
import io.sparsight.models.data.TrackNoise;
import io.sparsight.models.tracks.TrackFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code sparsight synth tracks}: simulated cameras as the object stage reports them (tracked boxes of COCO classes,
 * people's poses, with a detector's and tracker's noise), with sentences and their exact moments, in the layout the
 * grounding commands read: {@code OUT/<split>/annotations.txt} (Charades-STA lines) and
 * {@code OUT/<split>/tracks/<id>.json}; and {@code OUT/<split>/events.txt}, each video's event, for scores per event.
 */
@Command(name = "tracks", mixinStandardHelpOptions = true,
        description = {"Simulate object tracks for track grounding: train, val, test and paraphrase splits (the",
                "paraphrase split's wordings never occur in the others), Charades-STA annotation format, one",
                "tracks/<id>.json per video."})
final class SynthTracksCommand implements Callable<Integer> {

    /** Per split, each video's event ({@code id event} lines), for scores per event. */
    static final String EVENTS = "events.txt";

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write")
    Path out;

    @Option(names = "--videos", defaultValue = "2000", description = "videos in all splits (default: ${DEFAULT-VALUE})")
    int videos;

    @Option(names = "--seed", defaultValue = "42",
            description = "the same seed gives the same dataset (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (videos < SyntheticGrounding.Split.values().length) {
            System.err.println("--videos must be at least " + SyntheticGrounding.Split.values().length
                    + " (one per split).");
            return 2;
        }
        Path dir = CliPaths.resolve(out);
        List<SyntheticTracks.Video> dataset = SyntheticTracks.generate(videos, seed, TrackNoise.defaults());
        Map<SyntheticGrounding.Split, StringBuilder> annotations = new EnumMap<>(SyntheticGrounding.Split.class);
        Map<SyntheticGrounding.Split, StringBuilder> events = new EnumMap<>(SyntheticGrounding.Split.class);
        Map<String, Integer> actions = new TreeMap<>();
        for (SyntheticTracks.Video video : dataset) {
            Path tracksDir = Files.createDirectories(dir.resolve(video.split().folder()).resolve("tracks"));
            TrackFiles.write(video.tracks(), tracksDir.resolve(video.id() + ".json"));
            GroundingSample q = video.query();
            annotations.computeIfAbsent(video.split(), s -> new StringBuilder()).append(String.format(Locale.ROOT,
                    "%s %.2f %.2f##%s%n", q.videoId(), q.moment().start(), q.moment().end(), q.sentence()));
            events.computeIfAbsent(video.split(), s -> new StringBuilder()).append(video.id()).append(' ')
                    .append(video.action()).append(System.lineSeparator());
            actions.merge(video.action(), 1, Integer::sum);
        }
        for (Map.Entry<SyntheticGrounding.Split, StringBuilder> e : annotations.entrySet()) {
            Files.writeString(dir.resolve(e.getKey().folder()).resolve("annotations.txt"), e.getValue().toString(),
                    StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(e.getKey().folder()).resolve(EVENTS), events.get(e.getKey()).toString(),
                    StandardCharsets.UTF_8);
        }
        System.out.printf(Locale.ROOT, "%d simulated videos (%.0f fps, %.0f s, one query each) in %s: %s%nevents: %s%n",
                dataset.size(), SyntheticTracks.FPS, SyntheticTracks.SECONDS, dir,
                String.join(", ", annotations.keySet().stream().map(SyntheticGrounding.Split::folder).toList()),
                actions);
        return 0;
    }
}
