package io.sparsight.pipelines.cli;

import io.sparsight.models.grounding.GroundingBenchmark;
import io.sparsight.models.grounding.GroundingBlock;
import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.grounding.TrackGroundingBlock;
import io.sparsight.models.grounding.TrackGroundingModel;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.pipelines.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight bench grounding}: the sparse 2D grounding path against a dense 3D baseline, per window. */
@Command(name = "grounding", mixinStandardHelpOptions = true,
        description = {"Time one window through the sparse 2D path (N sampled frames, 2D CNN) and through a dense 3D",
                "convolutional baseline of the same widths over all 4N frames of the window (forward, batch 1).",
                "Default: the bundled model's operating point (32 frames of 48x32)."})
final class BenchGroundingCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "20", description = "timed windows per path; the median counts (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Option(names = "--size", description = "frame size WxH, both multiples of 16 (default: the model's, 48x32)")
    String size;

    @Option(names = "--frames", description = "frames the sparse path samples; the dense path reads 4x as many (default: 32)")
    Integer frames;

    @Option(names = "--queries", split = ",", paramLabel = "N,M", description = {"instead: the bundled model answering",
            "N and M standing queries on one window (the visual half once, the fusion per query), per window and as",
            "their ratio (e.g. --queries 1,32)"})
    int[] queries;

    @Option(names = "--model", defaultValue = "bundled:grounding-synthetic", paramLabel = "REF",
            description = "with --queries: a model folder or bundled:<name>, pixel or track model (default: ${DEFAULT-VALUE})")
    String modelRef;

    @Override
    public Integer call() throws Exception {
        if (queries != null) {
            return queries();
        }
        GroundingBlock.Hyperparameters d = GroundingBlock.Hyperparameters.defaults();
        int[] wh = {d.width(), d.height()};
        if (size != null) {
            try {
                wh = ConfigLoader.parseSize(size);
            } catch (IllegalArgumentException e) {
                System.err.println("--size: " + e.getMessage());
                return 2;
            }
        }
        if (wh[0] % 16 != 0 || wh[1] % 16 != 0 || (frames != null && frames < 2)) {
            System.err.println("--size needs sides that are multiples of 16 and --frames at least 2.");
            return 2;
        }
        GroundingBlock.Hyperparameters hp = new GroundingBlock.Hyperparameters(frames == null ? d.frames() : frames,
                d.channels(), wh[1], wh[0], d.textDim(), d.dim(), d.heads(), d.layers(), d.textPrompts(),
                d.visualPrompt(), d.promptSize());
        GroundingBenchmark.Result r = GroundingBenchmark.run(hp, runs);
        System.out.printf(Locale.ROOT, "window: %d frames of %dx%d, %d of them sampled for the sparse path; median of %d runs%n",
                r.denseFrames(), hp.width(), hp.height(), r.sparseFrames(), r.runs());
        System.out.printf(Locale.ROOT, "  sparse 2D  %8.1f ms per window%n", r.sparse2dMs());
        System.out.printf(Locale.ROOT, "  dense 3D   %8.1f ms per window%n", r.dense3dMs());
        System.out.printf(Locale.ROOT, "  speedup    %8.2fx%n", r.speedup());
        if (json) {
            System.out.println(new JsonLine().put("sparse2d_ms", r.sparse2dMs(), 2).put("dense3d_ms", r.dense3dMs(), 2)
                    .put("speedup", r.speedup(), 2).put("sparse_frames", r.sparseFrames())
                    .put("dense_frames", r.denseFrames()).put("runs", r.runs()));
        }
        return 0;
    }

    private int queries() throws Exception {
        if (queries.length != 2 || queries[0] < 1 || queries[1] < 1) {
            System.err.println("--queries needs two counts of at least 1, e.g. --queries 1,32");
            return 2;
        }
        String ref = ModelRef.isBundled(modelRef) ? modelRef : CliPaths.resolve(Path.of(modelRef)).toString();
        double[] ms;
        String name;
        if (TrackGroundingBlock.ARCHITECTURE.equals(ModelRef.manifest(ref).architecture)) {
            try (TrackGroundingModel model = ModelRef.open(ref, "auto", TrackGroundingModel::bundled,
                    TrackGroundingModel::load)) {
                ms = GroundingBenchmark.queriesMs(model, queries, runs);
                name = model.manifest().name;
            }
        } else {
            try (GroundingModel model = ModelRef.open(ref, "auto", GroundingModel::bundled, GroundingModel::load)) {
                ms = GroundingBenchmark.queriesMs(model, queries, runs);
                name = model.manifest().name;
            }
        }
        double ratio = ms[1] / ms[0];
        for (int c = 0; c < 2; c++) {
            System.out.printf(Locale.ROOT, "  %3d queries  %8.1f ms per window%n", queries[c], ms[c]);
        }
        System.out.printf(Locale.ROOT, "  ratio        %8.2f (median of %d runs each, %s)%n", ratio, runs, name);
        if (json) {
            System.out.println(new JsonLine().put("ms_" + queries[0], ms[0], 2).put("ms_" + queries[1], ms[1], 2)
                    .put("ratio", ratio, 2).put("model", name));
        }
        return 0;
    }
}
