package io.sparsight.operators.frames;

import java.io.Serializable;

/**
 * Load shedding of a model stage that falls behind its live cameras. A live camera's frame that reaches the stage
 * more than {@code maxLagMs} after it was decoded ({@link VideoFrame#arrivalMs}) is kept as context but not given to
 * the model: the stage catches up with the stream instead of holding every camera behind it (a slow stage
 * backpressures the source, which feeds all stages of all cameras). Frames of files are never skipped (a file waits
 * for the job; nothing of it is lost by waiting), nor frames with no arrival time.
 *
 * @param maxLagMs how late a live frame may reach the stage and still be scored; 0 scores every frame
 */
public record LateFrames(long maxLagMs) implements Serializable {

    public LateFrames {
        if (maxLagMs < 0) {
            throw new IllegalArgumentException("maxLag must be 0 (never skip) or more, got " + maxLagMs + " ms");
        }
    }

    /** True when {@code frame} is a live camera's and reached the stage at {@code nowMs} too late to be scored. */
    public boolean tooLate(VideoFrame frame, long nowMs) {
        return maxLagMs > 0 && frame.live && frame.arrivalMs > 0 && nowMs - frame.arrivalMs > maxLagMs;
    }
}
