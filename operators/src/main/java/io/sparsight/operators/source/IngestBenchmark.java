package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import org.bytedeco.javacpp.Loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a camera thread's hot path on a file (decode with FFmpeg, scale in the decoder, copy out, sample) and,
 * for comparison, the bundled FFmpeg binary decoding the same file into a null sink with the same thread count.
 */
public final class IngestBenchmark {

    /** What one run measured. */
    public record Result(
            String mode, int threads, long inputFrames, long decodedFrames, long emittedFrames,
            double elapsedSeconds, double ffmpegSeconds, long ffmpegFrames, double ffmpegScaledSeconds,
            double fullDecodeSeconds) {

        /** How much faster this mode covers the stream than decoding every frame (1 for full decode). */
        public double speedupVsFull() {
            return fullDecodeSeconds / elapsedSeconds;
        }

        public double decodeFps() {
            return decodedFrames / elapsedSeconds;
        }

        public double emitFps() {
            return emittedFrames / elapsedSeconds;
        }

        /** Input frames covered per second: what keyframe-only and sampled modes speed up. */
        public double streamFps() {
            return inputFrames / elapsedSeconds;
        }

        public double ffmpegFps() {
            return ffmpegFrames / ffmpegSeconds;
        }

        /** Ingest decode rate relative to bare FFmpeg decoding of every frame. */
        public double ratio() {
            return decodeFps() / ffmpegFps();
        }

        /** FFmpeg decoding and also scaling every frame to the analysis size in grey, as ingest does. */
        public double ffmpegScaledFps() {
            return ffmpegFrames / ffmpegScaledSeconds;
        }

        /** Ingest decode rate relative to FFmpeg doing the same decode and scale work. */
        public double ratioScaled() {
            return decodeFps() / ffmpegScaledFps();
        }
    }

    private IngestBenchmark() {}

    /**
     * @param threads decoder threads for both runs (FFmpeg's {@code threads})
     * @param repeats measured passes over the file (after one warm-up pass); the fastest counts
     */
    public static Result run(Path file, Sampling sampling, int width, int height, int threads, int repeats)
            throws IOException, InterruptedException {
        CameraSpec camera = CameraSpec.builder("bench", file.toString())
                .sampling(sampling).size(width, height).decoderThreads(threads).build();
        // Passes alternate between ingest and FFmpeg so that load on a shared machine hits both alike.
        String scale = "scale=" + width + ":" + height + ",format=" + (camera.channels() == 1 ? "gray" : "bgr24");
        CameraSpec fullDecode = camera.toBuilder().sampling(Sampling.full()).build();
        boolean compareWithFull = sampling.mode() != Sampling.Mode.FULL;
        long[] best = null;
        long bestFullNanos = Long.MAX_VALUE;
        double[] ffmpeg = null;
        double[] scaled = null;
        for (int pass = 0; pass <= repeats; pass++) {
            long[] counts = ingestOnce(camera);
            long fullNanos = compareWithFull ? ingestOnce(fullDecode)[3] : counts[3];
            double[] bare = ffmpegOnce(file, threads, null);
            double[] withScale = ffmpegOnce(file, threads, scale);
            if (pass == 0) {
                continue; // warm-up
            }
            if (best == null || counts[3] < best[3]) {
                best = counts;
            }
            bestFullNanos = Math.min(bestFullNanos, fullNanos);
            if (ffmpeg == null || bare[0] < ffmpeg[0]) {
                ffmpeg = bare;
            }
            if (scaled == null || withScale[0] < scaled[0]) {
                scaled = withScale;
            }
        }
        return new Result(sampling.toString(), threads, best[0], best[1], best[2], best[3] / 1e9,
                ffmpeg[0], (long) ffmpeg[1], scaled[0], bestFullNanos / 1e9);
    }

    /**
     * {input frames, decoded, emitted, nanos}. Like FFmpeg's {@code -benchmark} real time, the clock starts after the
     * input is opened and probed.
     */
    private static long[] ingestOnce(CameraSpec camera) throws IOException {
        long start;
        long decoded = 0;
        long emitted = 0;
        long input;
        try (CameraDecoder decoder = new CameraDecoder(camera, 0);
                FrameSampler sampler = new FrameSampler(camera.sampling(), -1)) {
            decoder.open();
            start = System.nanoTime();
            VideoFrame frame;
            while ((frame = decoder.next()) != null) {
                decoded++;
                if (sampler.keep(frame)) {
                    emitted++;
                }
            }
            input = decoder.lengthInFrames() > 0 ? decoder.lengthInFrames() : decoded;
        }
        return new long[] {input, decoded, emitted, System.nanoTime() - start};
    }

    private static final Pattern RTIME = Pattern.compile("bench: utime=.* rtime=([0-9.]+)s");
    private static final Pattern FRAMES = Pattern.compile("frame=\\s*(\\d+)");

    /**
     * {seconds (FFmpeg's own real-time measure), frames} of {@code ffmpeg -threads N -i FILE [-vf FILTER] -f null -}.
     */
    private static double[] ffmpegOnce(Path file, int threads, String filter) throws IOException, InterruptedException {
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-benchmark",
                "-threads", Integer.toString(threads), "-i", file.toString(), "-an"));
        if (filter != null) {
            command.addAll(List.of("-vf", filter, "-filter_threads", "1"));
        }
        command.addAll(List.of("-f", "null", "-"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        String libraries = Path.of(ffmpeg).getParent().toString();
        pb.environment().merge("LD_LIBRARY_PATH", libraries, (old, add) -> add + ":" + old);
        Process process = pb.start();
        double seconds = -1;
        long frames = -1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                for (String part : line.split("\r")) {
                    Matcher f = FRAMES.matcher(part);
                    if (f.find()) {
                        frames = Long.parseLong(f.group(1));
                    }
                    Matcher t = RTIME.matcher(part);
                    if (t.find()) {
                        seconds = Double.parseDouble(t.group(1));
                    }
                }
            }
        }
        int rc = process.waitFor();
        if (rc != 0 || seconds <= 0 || frames <= 0) {
            throw new IOException("the bundled ffmpeg failed to decode " + file + " (exit " + rc + ")");
        }
        return new double[] {seconds, frames};
    }
}
