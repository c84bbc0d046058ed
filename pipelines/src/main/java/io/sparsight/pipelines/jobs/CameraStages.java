package io.sparsight.pipelines.jobs;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.diffusion.DiffusionConfig;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.ObjectsConfig;

import java.util.Set;

/**
 * What the camera job runs on the frames: the motion stage for every camera; the anomaly, grounding and diffusion
 * stages for the cameras named, the object stage for the cameras its config has (none: that stage is left out), and
 * clips of the events of the cameras the clips config has (none: no clip stage).
 */
public record CameraStages(
        MotionConfig motion,
        AnomalyConfig anomaly,
        Set<String> anomalyCameras,
        GroundingConfig grounding,
        Set<String> groundingCameras,
        DiffusionConfig diffusion,
        Set<String> diffusionCameras,
        ObjectsConfig objects,
        ClipsConfig clips) {

    public CameraStages {
        anomalyCameras = Set.copyOf(anomalyCameras);
        groundingCameras = Set.copyOf(groundingCameras);
        diffusionCameras = Set.copyOf(diffusionCameras);
    }

    /** The motion stage alone. */
    public static CameraStages motionOnly(MotionConfig motion) {
        return new CameraStages(motion, AnomalyConfig.defaults(), Set.of(), GroundingConfig.defaults(), Set.of(),
                DiffusionConfig.defaults(), Set.of(),
                ObjectsConfig.defaults(), ClipsConfig.defaults());
    }

    /** These stages plus anomaly scoring for {@code cameras}. */
    public CameraStages withAnomaly(AnomalyConfig config, Set<String> cameras) {
        return new CameraStages(motion, config, cameras, grounding, groundingCameras, diffusion, diffusionCameras, objects,
                clips);
    }

    /** These stages plus grounding for {@code cameras}. */
    public CameraStages withGrounding(GroundingConfig config, Set<String> cameras) {
        return new CameraStages(motion, anomaly, anomalyCameras, config, cameras, diffusion, diffusionCameras, objects,
                clips);
    }

    /** These stages plus frame prediction by the diffusion model for {@code cameras}. */
    public CameraStages withDiffusion(DiffusionConfig config, Set<String> cameras) {
        return new CameraStages(motion, anomaly, anomalyCameras, grounding, groundingCameras, config, cameras, objects, clips);
    }

    /** These stages plus the object stage for the cameras {@code config} has. */
    public CameraStages withObjects(ObjectsConfig config) {
        return new CameraStages(motion, anomaly, anomalyCameras, grounding, groundingCameras, diffusion,
                diffusionCameras, config, clips);
    }

    /** These stages plus clips of the events of the cameras {@code config} has. */
    public CameraStages withClips(ClipsConfig config) {
        return new CameraStages(motion, anomaly, anomalyCameras, grounding, groundingCameras, diffusion,
                diffusionCameras, objects, config);
    }

    public boolean hasClips() {
        return !clips.cameras().isEmpty();
    }

    public boolean hasObjects() {
        return !objects.cameras().isEmpty();
    }

    public boolean hasDiffusion() {
        return !diffusionCameras.isEmpty();
    }

    public boolean hasAnomaly() {
        return !anomalyCameras.isEmpty();
    }

    public boolean hasGrounding() {
        return !groundingCameras.isEmpty();
    }
}
