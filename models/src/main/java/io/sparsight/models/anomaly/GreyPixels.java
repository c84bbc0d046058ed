package io.sparsight.models.anomaly;

/** Grey 8-bit pixels as the anomaly model takes them: floats in [0, 1]. */
public final class GreyPixels {

    private GreyPixels() {}

    /** {@code length} bytes of {@code pixels} from {@code offset}, each as {@code (b & 0xff) / 255}. */
    public static float[] toUnitRange(byte[] pixels, int offset, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (pixels[offset + i] & 0xff) / 255f;
        }
        return out;
    }

    public static float[] toUnitRange(byte[] pixels) {
        return toUnitRange(pixels, 0, pixels.length);
    }

    /** The bytes of values in [0, 1] (clamped), each {@code round(v * 255)}: the inverse of {@link #toUnitRange}. */
    public static byte[] fromUnitRange(float[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) Math.round(Math.max(0f, Math.min(1f, values[i])) * 255f);
        }
        return out;
    }
}
