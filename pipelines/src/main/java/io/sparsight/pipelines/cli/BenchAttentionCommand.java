package io.sparsight.pipelines.cli;

import io.sparsight.models.diffusion.AttentionBenchmark;
import io.sparsight.models.diffusion.AttentionPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight bench attention}: each sparse attention pattern of a video token grid against dense attention. */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = {"Time one attention call (scores, softmax, weighted sum; batch 1) over a grid of FRAMES x PATCHES",
                "tokens: dense, and each sparse pattern a video diffusion transformer's heads can run instead",
                "(spatial: own frame; temporal: same patch in every frame; neighbour-frames: own and adjacent frames)."})
final class BenchAttentionCommand implements Callable<Integer> {

    @Option(names = "--frames", defaultValue = "16", description = "frames in the grid (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--patches", defaultValue = "64", description = {"patches per frame, e.g. 64 = 8x8 (default:",
            "${DEFAULT-VALUE}; far larger grids make the dense score matrix exceed glibc's 32 MiB mmap ceiling,",
            "and page faults then dominate the dense time)"})
    int patches;

    @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--head-dim", defaultValue = "32", description = "width of a head (default: ${DEFAULT-VALUE})")
    int headDim;

    @Option(names = "--runs", defaultValue = "10", description = "timed calls per pattern; the median counts (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() {
        if (frames < 1 || patches < 1 || heads < 1 || headDim < 1 || runs < 1) {
            System.err.println("--frames, --patches, --heads, --head-dim and --runs must be at least 1.");
            return 2;
        }
        AttentionBenchmark.Result r = AttentionBenchmark.run(frames, patches, heads, headDim, runs);
        System.out.printf(Locale.ROOT, "%d frames x %d patches = %d tokens, %d heads of %d; median of %d runs%n",
                frames, patches, frames * patches, heads, headDim, runs);
        JsonLine jsonLine = new JsonLine();
        for (AttentionPattern pattern : AttentionPattern.values()) {
            String name = pattern.name().toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "  %-17s %9.2f ms  density %6.4f  speedup %6.2fx%n", name,
                    r.millis().get(pattern), pattern.density(frames, patches), r.speedup(pattern));
            jsonLine.put(name + "_ms", r.millis().get(pattern), 3)
                    .put(name + "_density", pattern.density(frames, patches), 4)
                    .put(name + "_speedup", r.speedup(pattern), 2);
        }
        jsonLine.put("tokens", frames * patches).put("heads", heads).put("head_dim", headDim).put("runs", runs);
        if (json) {
            System.out.println(jsonLine);
        }
        return 0;
    }
}
