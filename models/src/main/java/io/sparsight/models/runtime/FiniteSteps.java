package io.sparsight.models.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * An optimiser step that is taken only when every gradient is finite. libtorch's oneDNN kernels give NaN gradients
 * at random on some CPUs (docs/architecture.md, ONEDNN_MAX_CPU_ISA), and one such step would poison the weights and
 * Adam's moments for good; skipping it costs one batch. A trainer calls {@link #step} in place of
 * {@link Trainer#step} and returns {@link Float#NaN} as its loss when the step was skipped; {@link EpochLoop} counts
 * those and stops only when {@link EpochLoop#MAX_SKIPPED_IN_A_ROW} come one after the other.
 */
public final class FiniteSteps {

    private FiniteSteps() {}

    /** Applies the gradients ({@link Trainer#step}) when all are finite and says so; otherwise zeroes them. */
    public static boolean step(Trainer trainer) {
        if (!gradientsFinite(trainer)) {
            return false;
        }
        trainer.step();
        return true;
    }

    /** Whether every gradient is finite; when one is not, all gradients are zeroed. */
    static boolean gradientsFinite(Trainer trainer) {
        List<NDArray> gradients = new ArrayList<>();
        for (var p : trainer.getModel().getBlock().getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.hasGradient()) {
                gradients.add(array.getGradient());
            }
        }
        try {
            NDList sums = new NDList(gradients.size());
            gradients.forEach(g -> sums.add(g.sum()));
            float total;
            try (NDArray stacked = NDArrays.stack(sums); NDArray all = stacked.sum()) {
                total = all.getFloat(); // one read for all gradients: a NaN or infinity anywhere makes it so
            } finally {
                sums.close();
            }
            if (Float.isFinite(total)) {
                return true;
            }
            for (NDArray g : gradients) {
                try (NDArray nan = g.isNaN(); NDArray inf = g.isInfinite(); NDArray bad = nan.logicalOr(inf)) {
                    g.set(bad, 0f);
                }
                g.subi(g);
            }
            return false;
        } finally {
            gradients.forEach(NDArray::close); // handles only: the gradients stay with their parameters
        }
    }
}
