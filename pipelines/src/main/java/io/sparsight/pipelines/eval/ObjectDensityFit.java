package io.sparsight.pipelines.eval;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.detection.DetectionModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a camera's {@link ObjectDensity} on its normal footage: every frame detected and tracked as the object stage
 * does it ({@link ObjectObservations}), the density fitted on every tracked object seen, its alarm score measured on
 * the same frames.
 */
public final class ObjectDensityFit {

    /** The density, and how many frames and objects it was fitted on. */
    public record Fitted(ObjectDensity density, int frames, int objects) {}

    private ObjectDensityFit() {}

    /** @param videos normal footage, grey, at {@code fps} frames a second */
    public static Fitted fit(DetectionModel detector, List<FrameSequence> videos, double fps) {
        List<List<ObjectObservation>> frames = new ArrayList<>();
        for (FrameSequence video : videos) {
            frames.addAll(ObjectObservations.of(detector, video, fps));
        }
        List<ObjectObservation> objects = new ArrayList<>();
        frames.forEach(objects::addAll);
        return new Fitted(ObjectDensity.fit(objects).withAlarmScore(frames), frames.size(), objects.size());
    }
}
