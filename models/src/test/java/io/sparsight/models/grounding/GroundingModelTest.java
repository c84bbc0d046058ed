package io.sparsight.models.grounding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GroundingModelTest {

    @Test
    void oneWindowAskedManyQueriesAnswersAsTheRepeatedWindowDoes() throws Exception {
        try (GroundingModel predictor = GroundingModel.bundled()) {
            int dim = predictor.hyperparameters().textDim();
            Random random = new Random(7);
            float[] window = new float[predictor.windowSize()];
            for (int i = 0; i < window.length; i++) {
                window[i] = random.nextFloat();
            }
            int queries = 3;
            float[] sentences = new float[queries * dim];
            for (int i = 0; i < sentences.length; i++) {
                sentences[i] = (float) random.nextGaussian() / 20;
            }
            float[] repeated = new float[queries * window.length];
            for (int q = 0; q < queries; q++) {
                System.arraycopy(window, 0, repeated, q * window.length, window.length);
            }
            List<GroundingModel.Prediction> once = predictor.predictWindow(window, sentences, queries);
            List<GroundingModel.Prediction> each = predictor.predict(repeated, sentences, queries);
            assertThat(once).hasSize(queries);
            for (int q = 0; q < queries; q++) {
                assertThat(once.get(q).start()).isCloseTo(each.get(q).start(), within(1e-4));
                assertThat(once.get(q).end()).isCloseTo(each.get(q).end(), within(1e-4));
                assertThat(once.get(q).presence()).isCloseTo(each.get(q).presence(), within(1e-4));
                assertThat(once.get(q).end()).isGreaterThanOrEqualTo(once.get(q).start());
            }
            assertThat(predictor.manifest().scores).containsKey("synthetic_test_r1_iou07");
        }
    }
}
