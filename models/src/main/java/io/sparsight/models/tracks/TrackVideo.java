package io.sparsight.models.tracks;

import java.util.List;

/**
 * A video as the track-grounding model sees it: for every frame, the objects tracked in it. {@code width} and
 * {@code height} are the size of the frames the boxes were found on (for the aspect ratio), {@code fps} the frame
 * rate.
 */
public record TrackVideo(String id, int width, int height, double fps, List<List<TrackedObject>> frames) {

    public TrackVideo {
        frames = frames.stream().map(List::copyOf).toList();
        if (!(fps > 0)) {
            throw new IllegalArgumentException("track video " + id + ": frame rate must be positive, got " + fps);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("track video " + id + ": frame size must be positive, got " + width
                    + "x" + height);
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return frames.size() / fps;
    }

    /** Height over width of the frames. */
    public double aspect() {
        return (double) height / width;
    }
}
