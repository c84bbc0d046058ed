package io.sparsight.pipelines.jobs;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.motion.MotionConfig;

import java.util.Set;

/**
 * What the camera job runs on the frames: the motion stage for every camera; the anomaly and grounding stages for
 * the cameras named (none: that stage is left out).
 */
public record CameraStages(
        MotionConfig motion,
        AnomalyConfig anomaly,
        Set<String> anomalyCameras,
        GroundingConfig grounding,
        Set<String> groundingCameras) {

    public CameraStages {
        anomalyCameras = Set.copyOf(anomalyCameras);
        groundingCameras = Set.copyOf(groundingCameras);
    }

    /** The motion stage alone. */
    public static CameraStages motionOnly(MotionConfig motion) {
        return new CameraStages(motion, AnomalyConfig.defaults(), Set.of(), GroundingConfig.defaults(), Set.of());
    }

    /** These stages plus anomaly scoring for {@code cameras}. */
    public CameraStages withAnomaly(AnomalyConfig config, Set<String> cameras) {
        return new CameraStages(motion, config, cameras, grounding, groundingCameras);
    }

    /** These stages plus grounding for {@code cameras}. */
    public CameraStages withGrounding(GroundingConfig config, Set<String> cameras) {
        return new CameraStages(motion, anomaly, anomalyCameras, config, cameras);
    }

    public boolean hasAnomaly() {
        return !anomalyCameras.isEmpty();
    }

    public boolean hasGrounding() {
        return !groundingCameras.isEmpty();
    }
}
