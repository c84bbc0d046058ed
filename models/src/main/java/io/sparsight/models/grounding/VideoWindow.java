package io.sparsight.models.grounding;

/** A window of a video: {@code length} seconds from {@code start}. */
public record VideoWindow(String videoId, double start, double length) {}
