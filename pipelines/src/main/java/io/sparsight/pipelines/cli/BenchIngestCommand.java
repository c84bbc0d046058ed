package io.sparsight.pipelines.cli;

import io.sparsight.operators.source.IngestBenchmark;
import io.sparsight.operators.source.Sampling;
import io.sparsight.pipelines.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsight bench ingest}: a camera thread's decode path against bare FFmpeg decoding of the same file.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Decode a video file the way a camera thread does (FFmpeg decode, scale to the analysis size in",
                "the decoder, copy out, sample) and compare with the bundled ffmpeg decoding it into a null sink."})
final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "video file")
    Path input;

    @Option(names = "--mode", defaultValue = "full",
            description = "full | keyframes | fps=N | motion=T (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--size", defaultValue = "224x224", description = "analysis size WIDTHxHEIGHT (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--threads", description = "decoder threads for both runs (default: the number of cores)")
    Integer threads;

    @Option(names = "--repeats", defaultValue = "5", description = "measured passes after one warm-up; the fastest counts (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path video = CliPaths.resolve(input);
        if (!Files.isRegularFile(video)) {
            System.err.println("No video at " + video + ".");
            return 2;
        }
        int[] wh = ConfigLoader.parseSize(size);
        int decoderThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        IngestBenchmark.Result r = IngestBenchmark.run(video, Sampling.parse(mode), wh[0], wh[1], decoderThreads, repeats);

        System.out.printf(Locale.ROOT, "ingest %s, mode %s, %dx%d grey, %d decoder thread(s), best of %d%n",
                video.getFileName(), r.mode(), wh[0], wh[1], r.threads(), repeats);
        System.out.printf(Locale.ROOT, "  input frames   %8d   covered at %9.1f frames/s (%.2f s)%n",
                r.inputFrames(), r.streamFps(), r.elapsedSeconds());
        System.out.printf(Locale.ROOT, "  decoded        %8d   %9.1f frames/s%n", r.decodedFrames(), r.decodeFps());
        System.out.printf(Locale.ROOT, "  emitted        %8d   %9.1f frames/s%n", r.emittedFrames(), r.emitFps());
        System.out.printf(Locale.ROOT, "  bare ffmpeg    %8d   %9.1f frames/s (every frame, null sink)%n",
                r.ffmpegFrames(), r.ffmpegFps());
        System.out.printf(Locale.ROOT, "  ffmpeg + scale %8d   %9.1f frames/s (decode, scale to %dx%d grey, null sink)%n",
                r.ffmpegFrames(), r.ffmpegScaledFps(), wh[0], wh[1]);
        System.out.printf(Locale.ROOT, "  ratio decode/ffmpeg %.2f, decode/(ffmpeg + scale) %.2f, stream coverage vs full decode %.2fx%n",
                r.ratio(), r.ratioScaled(), r.speedupVsFull());
        if (json) {
            System.out.println(new JsonLine().put("decode_fps", r.decodeFps(), 1).put("emit_fps", r.emitFps(), 1)
                    .put("ffmpeg_fps", r.ffmpegFps(), 1).put("ratio", r.ratio(), 3)
                    .put("ffmpeg_scaled_fps", r.ffmpegScaledFps(), 1).put("ratio_scaled", r.ratioScaled(), 3)
                    .put("stream_fps", r.streamFps(), 1).put("speedup_vs_full", r.speedupVsFull(), 2)
                    .put("input_frames", r.inputFrames()).put("decoded_frames", r.decodedFrames())
                    .put("emitted_frames", r.emittedFrames()).put("elapsed_s", r.elapsedSeconds(), 3)
                    .put("mode", String.valueOf(r.mode())).put("threads", r.threads()).put("width", wh[0])
                    .put("height", wh[1]));
        }
        return 0;
    }
}
