package io.sparsight.operators.frames;

/**
 * A camera's last items kept as one flat array in keyed state (frames' pixels one after another, or their places):
 * append at the end, drop the oldest beyond a capacity. Shared by the anomaly and diffusion stages' windows.
 */
public final class SlidingArrays {

    private SlidingArrays() {}

    /** The last {@code capacity} values of {@code window} followed by {@code item}. */
    public static byte[] slide(byte[] window, byte[] item, int capacity) {
        int keep = Math.min(window.length, capacity - item.length);
        byte[] next = new byte[keep + item.length];
        System.arraycopy(window, window.length - keep, next, 0, keep);
        System.arraycopy(item, 0, next, keep, item.length);
        return next;
    }

    /** The last {@code capacity} values of {@code window} followed by {@code item}. */
    public static long[] slide(long[] window, long[] item, int capacity) {
        int keep = Math.min(window.length, capacity - item.length);
        long[] next = new long[keep + item.length];
        System.arraycopy(window, window.length - keep, next, 0, keep);
        System.arraycopy(item, 0, next, keep, item.length);
        return next;
    }
}
