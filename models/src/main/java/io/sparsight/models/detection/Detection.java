package io.sparsight.models.detection;

/** One detected object: its COCO class, score and box (x1, y1, x2, y2 in the pixels of the image it was found in). */
public record Detection(int classId, float score, float x1, float y1, float x2, float y2) {

    public String className() {
        return CocoClasses.NAMES.get(classId);
    }

    public float area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    /** Intersection over union with another box. */
    public float iou(Detection other) {
        float w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float intersection = w * h;
        return intersection / (area() + other.area() - intersection);
    }

    /** The same detection with its box mapped by {@code x' = (x - dx) * scale}, {@code y' = (y - dy) * scale}. */
    public Detection mapped(float dx, float dy, float scale) {
        return new Detection(classId, score, (x1 - dx) * scale, (y1 - dy) * scale, (x2 - dx) * scale,
                (y2 - dy) * scale);
    }
}
