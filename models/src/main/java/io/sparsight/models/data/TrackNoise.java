package io.sparsight.models.data;

/**
 * How wrong the simulated detector, tracker and pose model are, as the real ones are: boxes that jitter, frames
 * where an object is missed (one at a time and in occlusion bursts), tracks that split under a new id, short false
 * tracks, and keypoints that jitter or are lost.
 *
 * @param boxJitter standard deviation of each box edge, as a fraction of the object's height
 * @param missRate chance that a visible object is missed in a frame
 * @param occlusionRate chance that a track has one burst of 3 to 8 missed frames
 * @param splitRate chance that a track continues under a new id from a random frame on
 * @param falseTracks most false tracks per video (0 to this many, 1 to 5 frames each, low scores)
 * @param keypointJitter standard deviation of a keypoint, as a fraction of the person's height
 * @param keypointLossRate chance that a keypoint is lost (score near 0) in a frame
 * @param poselessRate chance that a video has no poses at all: seen by an object stage that runs no pose model (the
 *     live one does not), so the model learns to ground without them
 */
public record TrackNoise(double boxJitter, double missRate, double occlusionRate, double splitRate, int falseTracks,
        double keypointJitter, double keypointLossRate, double poselessRate) {

    public static TrackNoise defaults() {
        return new TrackNoise(0.03, 0.07, 0.2, 0.12, 2, 0.02, 0.15, 0.5);
    }

    public static TrackNoise none() {
        return new TrackNoise(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
