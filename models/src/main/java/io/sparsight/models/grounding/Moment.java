package io.sparsight.models.grounding;

/** A span of time, in seconds (or in any unit, as long as both moments use the same). */
public record Moment(double start, double end) {

    public Moment {
        if (!(end >= start)) {
            throw new IllegalArgumentException("a moment must end at or after its start, got " + start + ".." + end);
        }
    }

    public double duration() {
        return end - start;
    }

    public double midpoint() {
        return (start + end) / 2;
    }

    /** Temporal intersection over union, 0 when they do not overlap (and for two empty moments). */
    public double iou(Moment other) {
        double intersection = Math.max(0, Math.min(end, other.end) - Math.max(start, other.start));
        double union = duration() + other.duration() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
