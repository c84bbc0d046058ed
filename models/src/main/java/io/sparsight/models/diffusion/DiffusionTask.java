package io.sparsight.models.diffusion;

/**
 * The two jobs of the video DiT, told apart by a learned embedding ({@link VideoDitBlock}): both see a window of
 * {@code condition + target} consecutive frames, and differ in which of them are given clean.
 *
 * <ul>
 *   <li>{@link #PREDICT}: the first {@code M} frames are given and the {@code K} after them are generated (a
 *       camera's next frames).</li>
 *   <li>{@link #REPAIR}: a gap of {@code K} frames is generated from the {@code M - K} frames before it and the
 *       {@code K} after it (frames a camera lost).</li>
 * </ul>
 */
public enum DiffusionTask {
    PREDICT,
    REPAIR;

    /**
     * The window's frame indices in the network's order: its {@code M} condition slots, then its {@code K} target
     * slots. For repair the condition is the frames before the gap and then the frames after it.
     */
    public int[] frameOrder(VideoDitBlock.Hyperparameters hp) {
        int m = hp.conditionFrames();
        int k = hp.targetFrames();
        int[] order = new int[m + k];
        if (this == PREDICT) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            return order;
        }
        if (m <= k) {
            throw new IllegalArgumentException("repair needs more condition frames than target frames, got " + m
                    + " and " + k);
        }
        int slot = 0;
        for (int i = 0; i < m - k; i++) {
            order[slot++] = i;          // before the gap
        }
        for (int i = m; i < m + k; i++) {
            order[slot++] = i;          // after the gap
        }
        for (int i = m - k; i < m; i++) {
            order[slot++] = i;          // the gap
        }
        return order;
    }
}
