package io.sparsight.operators.grounding;

/** A frame kept for a camera's sliding window: planar RGB at the model's size, and its stream offset. A Flink POJO. */
public class WindowFrame {

    public long offsetMs;
    public byte[] pixels;

    public WindowFrame() {}

    WindowFrame(long offsetMs, byte[] pixels) {
        this.offsetMs = offsetMs;
        this.pixels = pixels;
    }
}
