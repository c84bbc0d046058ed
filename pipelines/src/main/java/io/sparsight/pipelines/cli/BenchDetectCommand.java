package io.sparsight.pipelines.cli;

import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.detection.DetectorBenchmark;
import io.sparsight.pipelines.data.ColourFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight bench detect}: the bundled COCO detector's speed on this machine, one frame per call. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Time the bundled COCO detector (NanoDet-g, 416x416) on frames of a video: letterbox,",
                "the network, decoding and suppression, one frame per call (batch 1); median and 95th percentile."})
final class BenchDetectCommand implements Callable<Integer> {

    @Option(names = "--input", defaultValue = DemoCommand.SAMPLE, description = "video (default: ${DEFAULT-VALUE})")
    Path input;

    @Option(names = "--frames", defaultValue = "8", description = "frames read from the video (default: ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--calls", defaultValue = "30", description = "timed calls (default: ${DEFAULT-VALUE})")
    int calls;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path video = CliPaths.resolve(input);
        if (!Files.isRegularFile(video) || frames < 1 || calls < 1) {
            System.err.println("needs a video (--input) and --frames, --calls of at least 1; no file at " + video);
            return 2;
        }
        List<ColourFrames.Picture> read = new ArrayList<>();
        ColourFrames.stream(video.toString(), 0, p -> read.add(p) && read.size() < frames);
        int width = read.get(0).width();
        int height = read.get(0).height();
        List<DetectionModel.Frame> pixels = read.stream()
                .map(p -> new DetectionModel.Frame(p.bgr(), width, height, 3)).toList();
        try (DetectionModel model = DetectionModel.bundled()) {
            DetectorBenchmark.Result one = DetectorBenchmark.run(model, pixels, 1, 3, calls, 0.4f);
            print(one, width, height);
            DetectorBenchmark.Result four = DetectorBenchmark.run(model, pixels, 4, 1, Math.max(1, calls / 4), 0.4f);
            print(four, width, height);
            if (json) {
                System.out.println(new JsonLine().put("fps", one.fps(), 2).put("ms_p50", one.p50Ms(), 1)
                        .put("ms_p95", one.p95Ms(), 1).put("batch4_fps", four.fps(), 2)
                        .put("model", DetectionModel.BUNDLED));
            }
        }
        return 0;
    }

    private static void print(DetectorBenchmark.Result r, int width, int height) {
        System.out.printf(Locale.ROOT, "%s: %d calls of %d frame(s) of %dx%d: %.1f frames/s, per call p50 %.1f ms,"
                + " p95 %.1f ms (%d objects in the last frame)%n", DetectionModel.BUNDLED, r.calls(), r.batch(), width,
                height, r.fps(), r.p50Ms(), r.p95Ms(), r.detectionsInLastFrame());
    }
}
