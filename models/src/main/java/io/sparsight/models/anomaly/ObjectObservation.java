package io.sparsight.models.anomaly;

/**
 * One tracked object in one frame, as the object anomaly model sees it: its COCO class, its box height in pixels, and
 * its speed in box heights per second (so near and far people walking count alike).
 */
public record ObjectObservation(String className, float boxHeight, float speed) {}
