package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WeightedFusionTest {

    private static final boolean[] LABELS = {false, false, true, true, false, false, false, false};

    @Test
    void theFusedScoreWeighsTheFirstScoreByTheWeight() {
        double[] fused = WeightedFusion.fused(new double[] {1, 0}, new double[] {0, 1}, 0.3);

        assertThat(fused[0]).isCloseTo(0.3, within(1e-12));
        assertThat(fused[1]).isCloseTo(0.7, within(1e-12));
        assertThatThrownBy(() -> WeightedFusion.fused(new double[1], new double[2], 0.5))
                .hasMessageContaining("1 and 2 frames");
        assertThatThrownBy(() -> WeightedFusion.fused(new double[1], new double[1], -0.1))
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void theWeightWhoseFusedScoreSeparatesBestIsChosen() {
        // a finds the anomaly but also a false alarm at 5 that b does not have; b ranks the anomaly just below 6
        double[] a = {0, 0, 0.9, 0.9, 0, 1, 0, 0};
        double[] b = {0, 0, 0.6, 0.6, 0, 0, 0.7, 0};

        WeightedFusion.Choice choice = WeightedFusion.choose(List.of(a), List.of(b), List.of(LABELS));

        assertThat(choice.aucByWeight().get(0.0)).as("b alone").isLessThan(100);
        assertThat(choice.aucByWeight().get(1.0)).as("a alone").isLessThan(100);
        assertThat(choice.auc()).isEqualTo(100);
        assertThat(choice.weight()).as("the first weight that separates all (0.1 ties the anomaly with 6)").isEqualTo(0.2);
        assertThat(choice.aucByWeight()).hasSize(WeightedFusion.WEIGHTS.length);
    }
}
