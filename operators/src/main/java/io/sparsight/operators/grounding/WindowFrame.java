package io.sparsight.operators.grounding;

/**
 * What one input left in a camera's sliding window, and its stream offset: planar RGB at the pixel model's size, or
 * the objects tracked in it for the track model ({@value #OBJECT_FLOATS} floats each: track id, COCO class id, box
 * {@code x1, y1, x2, y2} as fractions of the frame, score) with the frame's height over width. A Flink POJO.
 */
public class WindowFrame {

    static final int OBJECT_FLOATS = 7;

    public long offsetMs;
    /** Pixel model: the frame. */
    public byte[] pixels;
    /** Track model: the objects tracked in the frame. */
    public float[] objects;
    /** Track model: the people's poses, as {@code TrackedFrame#keypoints} (NaN for none); null when none has one. */
    public float[] poses;
    /** Track model: the frame's height over its width. */
    public float aspect;

    public WindowFrame() {}

    static WindowFrame ofPixels(long offsetMs, byte[] pixels) {
        WindowFrame frame = new WindowFrame();
        frame.offsetMs = offsetMs;
        frame.pixels = pixels;
        return frame;
    }

    static WindowFrame ofObjects(long offsetMs, float[] objects, float[] poses, float aspect) {
        WindowFrame frame = new WindowFrame();
        frame.offsetMs = offsetMs;
        frame.objects = objects;
        frame.poses = poses;
        frame.aspect = aspect;
        return frame;
    }
}
