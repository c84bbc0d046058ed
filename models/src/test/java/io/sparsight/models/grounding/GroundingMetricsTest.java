package io.sparsight.models.grounding;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroundingMetricsTest {

    @Test
    void iouOfOverlappingDisjointAndNestedMoments() {
        assertThat(new Moment(0, 10).iou(new Moment(5, 15))).isCloseTo(5.0 / 15, within(1e-12));
        assertThat(new Moment(0, 4).iou(new Moment(6, 9))).isZero();
        assertThat(new Moment(2, 4).iou(new Moment(0, 8))).isCloseTo(0.25, within(1e-12));
        assertThat(new Moment(3, 3).iou(new Moment(3, 3))).isZero();
        assertThatThrownBy(() -> new Moment(5, 4)).hasMessageContaining("end at or after its start");
    }

    @Test
    void recallCountsIouStrictlyAboveTheThresholdAndMeanIouAveragesAll() {
        List<Moment> truth = List.of(new Moment(0, 10), new Moment(0, 10), new Moment(0, 10), new Moment(20, 30));
        // IoUs: 1.0, 0.5 exactly (0..5), 0.7 exactly (0..7), 0
        List<Moment> predicted = List.of(new Moment(0, 10), new Moment(0, 5), new Moment(0, 7), new Moment(0, 5));
        assertThat(GroundingMetrics.recallAt1(predicted, truth, 0.3)).isEqualTo(75.0);
        assertThat(GroundingMetrics.recallAt1(predicted, truth, 0.5)).as("0.5 exactly is not a hit").isEqualTo(50.0);
        assertThat(GroundingMetrics.recallAt1(predicted, truth, 0.7)).as("0.7 exactly is not a hit").isEqualTo(25.0);
        assertThat(GroundingMetrics.meanIou(predicted, truth)).isCloseTo(100 * (1.0 + 0.5 + 0.7 + 0) / 4, within(1e-9));
    }

    @Test
    void tdIouLossMatchesTheFormulaWorkedByHand() {
        try (NDManager m = OfflineRuntime.pytorch().newBaseManager()) {
            // sample 1: prediction 0.2..0.6, truth 0.4..0.8: IoU 0.2/0.6 = 1/3; |dm| = 0.2 -> max(0.2, 0.2) = 0.2;
            //   (dd)^2 = 0 -> floor 0.4; loss = 2/3 + 0.2 + 0.1 * 0.4 = 0.906667
            // sample 2: prediction 0.0..0.1, truth 0.5..1.0: IoU 0; |dm| = 0.7; (dd)^2 = 0.16 -> floor 0.4;
            //   loss = 1 + 0.7 + 0.04 = 1.74
            float[] predicted = {0.2f, 0.6f, 0.0f, 0.1f};
            float[] truth = {0.4f, 0.8f, 0.5f, 1.0f};
            float loss = new TdIouLoss().of(m.create(predicted, new Shape(2, 2)), m.create(truth, new Shape(2, 2)))
                    .getFloat();
            assertThat(loss).isCloseTo((float) ((2.0 / 3 + 0.2 + 0.04 + 1.74) / 2), within(1e-5f));
        }
    }
}
