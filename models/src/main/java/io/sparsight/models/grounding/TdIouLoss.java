package io.sparsight.models.grounding;

import ai.djl.ndarray.NDArray;

/**
 * TVP's temporal distance IoU loss, on moments normalised to the window (start and end in [0, 1], so the window
 * length D is 1): {@code (1 - IoU) + a * max(|m' - m| / D, 0.2) + b * max(((d' - d) / D)^2, 0.4)}, with m the
 * midpoints, d the durations, a = 1.0 and b = 0.1 by default, averaged over the batch. The floors (0.2, 0.4) are as
 * in the reference: the distance terms only push while they are above them.
 */
public final class TdIouLoss {

    private final double a;
    private final double b;

    public TdIouLoss() {
        this(1.0, 0.1);
    }

    public TdIouLoss(double a, double b) {
        this.a = a;
        this.b = b;
    }

    /**
     * @param predicted {@code (B, 2)}: start and end, normalised to the window
     * @param truth {@code (B, 2)}, the same
     * @return the mean loss, a scalar
     */
    public NDArray of(NDArray predicted, NDArray truth) {
        return perSample(predicted, truth).mean();
    }

    /** The loss of each sample, {@code (B)}: for masking out samples that have no moment. */
    public NDArray perSample(NDArray predicted, NDArray truth) {
        NDArray ps = predicted.get(":, 0");
        NDArray pe = predicted.get(":, 1");
        NDArray ts = truth.get(":, 0");
        NDArray te = truth.get(":, 1");
        NDArray intersection = pe.minimum(te).sub(ps.maximum(ts)).maximum(0f);
        NDArray union = pe.sub(ps).add(te.sub(ts)).sub(intersection);
        NDArray iou = intersection.div(union.maximum(1e-6f));
        NDArray midpointDistance = ps.add(pe).div(2).sub(ts.add(te).div(2)).abs();
        NDArray durationDistance = pe.sub(ps).sub(te.sub(ts)).square();
        return iou.neg().add(1)
                .add(midpointDistance.maximum(0.2f).mul(a))
                .add(durationDistance.maximum(0.4f).mul(b));
    }
}
