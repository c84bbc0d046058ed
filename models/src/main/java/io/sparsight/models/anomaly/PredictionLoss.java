package io.sparsight.models.anomaly;

import ai.djl.ndarray.NDArray;

/**
 * The frame predictor's training loss:
 * {@code MSE(pred, next) + mean(max((pred - next)^2 - (pred - current)^2, 0)) + auxWeight * balance}.
 * The middle (motion) term penalises a prediction that is closer to the current frame than to the next one, so the
 * model cannot get away with copying the last frame; the last term keeps the SFFM experts in use.
 */
public final class PredictionLoss {

    private final float auxWeight;

    public PredictionLoss(float auxWeight) {
        this.auxWeight = auxWeight;
    }

    /**
     * @param prediction {@code (B, 1, H, W)}
     * @param next the true next frame, same shape
     * @param current the last context frame, same shape
     * @param balance the predictor's load-balancing loss, a scalar
     */
    public NDArray of(NDArray prediction, NDArray next, NDArray current, NDArray balance) {
        NDArray toNext = prediction.sub(next).square();
        NDArray toCurrent = prediction.sub(current).square();
        NDArray mse = toNext.mean();
        NDArray motion = toNext.sub(toCurrent).maximum(0f).mean();
        return mse.add(motion).add(balance.mul(auxWeight));
    }
}
