package io.sparsight.operators.diffusion;

/**
 * The {@code data} of an {@code io.sparsight.repair} event (docs/schemas): which span of a camera's stream the
 * diffusion stage filled, as UTC times and stream offsets of the first and last frame it made, how many frames, at
 * what interval, between which real frames, and with which model.
 */
public record RepairData(String camera, String start, String end, long startOffsetMs, long endOffsetMs, int frames,
        long intervalMs, long lastRealOffsetMs, long nextRealOffsetMs, String model) {}
