package io.sparsight.operators.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrameScoreTest {

    @Test
    void aScoreFusedWithObjectsWeighsThemByTheDensitysWeightAndOneWithoutObjectsStaysAsItWas() {
        FrameScore score = new FrameScore();
        assertThat(score.fusedWithObjects(0.4)).isEqualTo(0.4);

        score.objectsFused = true;
        score.objectScore = 1;
        score.objectWeight = 0.5;
        assertThat(score.fusedWithObjects(0.4)).isCloseTo(0.7, within(1e-12));
        score.objectWeight = 0.2;
        assertThat(score.fusedWithObjects(0.4)).isCloseTo(0.52, within(1e-12));
    }
}
