package io.sparsight.models.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the detector on frames: warm-up calls, then each call's wall time (one call detects in {@code batch} frames
 * at once); median and 95th percentile per call, and frames per second over all calls.
 */
public final class DetectorBenchmark {

    /** What a run measured. */
    public record Result(int calls, int batch, double p50Ms, double p95Ms, double fps, int detectionsInLastFrame) {}

    private DetectorBenchmark() {}

    public static Result run(DetectionModel model, List<DetectionModel.Frame> frames, int batch, int warmup,
            int calls, float minScore) {
        int detections = 0;
        for (int k = 0; k < warmup; k++) {
            model.detectAll(batchAt(frames, k, batch), minScore);
        }
        double[] millis = new double[calls];
        long started = System.nanoTime();
        for (int k = 0; k < calls; k++) {
            long t0 = System.nanoTime();
            List<List<Detection>> found = model.detectAll(batchAt(frames, k, batch), minScore);
            millis[k] = (System.nanoTime() - t0) / 1e6;
            detections = found.get(found.size() - 1).size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(millis);
        return new Result(calls, batch, millis[calls / 2],
                millis[Math.min(calls - 1, (int) Math.ceil(calls * 0.95) - 1)], calls * batch / seconds, detections);
    }

    /** The {@code call}-th batch of frames, taken round the list. */
    private static List<DetectionModel.Frame> batchAt(List<DetectionModel.Frame> frames, int call, int batch) {
        List<DetectionModel.Frame> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(frames.get((call * batch + b) % frames.size()));
        }
        return out;
    }
}
