package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;

import java.io.Serializable;

/**
 * Settings of the grounding stage: the model, where it runs, the sliding window each camera is read through, and how
 * detections become moment events.
 *
 * @param model {@code bundled:<name>} or a model folder
 * @param device auto, cpu, gpu or gpu:N
 * @param windowMs length of the window the model sees (it samples its frames evenly over it)
 * @param strideMs a window every this much stream time
 * @param defaultThreshold presence probability a query needs when its control message gives none
 * @param mergeGapMs detections of one query less than this apart are one moment
 * @param idleCloseMs a camera that sends nothing for this long (event time), or whose input ends, has its last
 *     window read and its open moments closed
 * @param maxQueriesPerCamera the most standing queries that apply to one camera (a query for every camera counts for
 *     each); an add beyond it is refused with a dead letter
 * @param maxQueries the most standing queries in the job
 */
public record GroundingConfig(String model, String device, long windowMs, long strideMs, double defaultThreshold,
        long mergeGapMs, long idleCloseMs, int maxQueriesPerCamera, int maxQueries) implements Serializable {

    public static final String DEFAULT_MODEL = ModelStore.BUNDLED_PREFIX + GroundingModel.BUNDLED;

    public GroundingConfig {
        if (!Devices.isValid(device)) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + device + "'");
        }
        if (windowMs < 1000 || strideMs < 100 || strideMs > windowMs) {
            throw new IllegalArgumentException("grounding needs a window of at least 1s and a stride between 100ms and"
                    + " the window; got window " + windowMs + "ms, stride " + strideMs + "ms");
        }
        if (!(defaultThreshold > 0 && defaultThreshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1, got " + defaultThreshold);
        }
        if (mergeGapMs < 0 || idleCloseMs < 0) {
            throw new IllegalArgumentException("mergeGap and idleClose must not be negative");
        }
        if (maxQueriesPerCamera < 1 || maxQueries < maxQueriesPerCamera) {
            throw new IllegalArgumentException("maxQueriesPerCamera must be at least 1 and maxQueries at least"
                    + " maxQueriesPerCamera; got " + maxQueriesPerCamera + " and " + maxQueries);
        }
    }

    public static GroundingConfig defaults() {
        return new GroundingConfig(DEFAULT_MODEL, "auto", 12_000, 2_000, 0.5, 1_000, 5_000, 32, 256);
    }
}
