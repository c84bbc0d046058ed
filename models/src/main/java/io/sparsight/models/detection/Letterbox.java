package io.sparsight.models.detection;

/**
 * A frame scaled (bilinear) into the top-left of a square of {@code size} pixels, the rest zero: how the detector
 * and the pose model see frames of any shape without stretching them.
 */
final class Letterbox {

    /** Where each square pixel's value goes: channel c (BGR order of the source) at (x, y). */
    @FunctionalInterface
    interface Sink {
        void put(int x, int y, int c, float value);
    }

    private Letterbox() {}

    /** The scale that fits a frame into the square. */
    static float scale(int width, int height, int size) {
        return Math.min(size / (float) width, size / (float) height);
    }

    /**
     * Samples the scaled frame's pixels, 0..255 per channel (a grey frame gives three equal channels).
     *
     * @param pixels rows of {@code width} pixels of {@code channels} bytes (1: grey; 3: BGR)
     */
    static void sample(byte[] pixels, int width, int height, int channels, float scale, int size, Sink sink) {
        int scaledW = Math.min(size, Math.round(width * scale));
        int scaledH = Math.min(size, Math.round(height * scale));
        for (int y = 0; y < scaledH; y++) {
            float sy = Math.max(0, (y + 0.5f) / scale - 0.5f);
            int y0 = Math.min((int) sy, height - 1);
            int y1 = Math.min(y0 + 1, height - 1);
            float fy = sy - y0;
            for (int x = 0; x < scaledW; x++) {
                float sx = Math.max(0, (x + 0.5f) / scale - 0.5f);
                int x0 = Math.min((int) sx, width - 1);
                int x1 = Math.min(x0 + 1, width - 1);
                float fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    int source = channels == 1 ? 0 : c;
                    float top = value(pixels, width, channels, x0, y0, source) * (1 - fx)
                            + value(pixels, width, channels, x1, y0, source) * fx;
                    float bottom = value(pixels, width, channels, x0, y1, source) * (1 - fx)
                            + value(pixels, width, channels, x1, y1, source) * fx;
                    sink.put(x, y, c, top * (1 - fy) + bottom * fy);
                }
            }
        }
    }

    private static float value(byte[] pixels, int width, int channels, int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xFF;
    }
}
