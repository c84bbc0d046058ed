package io.sparsight.pipelines.cli;

import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.data.SyntheticGrounding;
import io.sparsight.models.data.SyntheticScene;
import io.sparsight.operators.source.FfmpegLog;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
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
            write(video.scene(), videoDir.resolve(video.id() + ".mp4"));
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

    private static void write(SyntheticScene scene, Path file) throws IOException {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), scene.width(), scene.height(), 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(scene.fps());
            recorder.setGopSize(10);
            recorder.setVideoQuality(3);
            recorder.start();
            Frame frame = new Frame(scene.width(), scene.height(), Frame.DEPTH_UBYTE, 3);
            ByteBuffer buffer = (ByteBuffer) frame.image[0];
            int rowBytes = scene.width() * 3;
            for (int i = 0; i < scene.frames(); i++) {
                byte[] bgr = scene.render(i);
                for (int y = 0; y < scene.height(); y++) {
                    buffer.position(y * frame.imageStride);
                    buffer.put(bgr, y * rowBytes, rowBytes);
                }
                buffer.rewind();
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
    }
}
