package io.sparsight.models.detection;

import java.util.Arrays;
import java.util.List;

/** Times the detector on frames: warm-up calls, then each call's wall time; median and 95th percentile. */
public final class DetectorBenchmark {

    /** What a run measured. */
    public record Result(int calls, double p50Ms, double p95Ms, double fps, int detectionsInLastFrame) {}

    private DetectorBenchmark() {}

    public static Result run(DetectionModel model, List<byte[]> frames, int width, int height, int channels,
            int warmup, int calls, float minScore) {
        int detections = 0;
        for (int k = 0; k < warmup; k++) {
            model.detect(frames.get(k % frames.size()), width, height, channels, minScore);
        }
        double[] millis = new double[calls];
        long started = System.nanoTime();
        for (int k = 0; k < calls; k++) {
            long t0 = System.nanoTime();
            detections = model.detect(frames.get(k % frames.size()), width, height, channels, minScore).size();
            millis[k] = (System.nanoTime() - t0) / 1e6;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(millis);
        return new Result(calls, millis[calls / 2], millis[Math.min(calls - 1, (int) Math.ceil(calls * 0.95) - 1)],
                calls / seconds, detections);
    }
}
