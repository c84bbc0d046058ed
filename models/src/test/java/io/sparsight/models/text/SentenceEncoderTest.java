package io.sparsight.models.text;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The frozen MiniLM text encoder, offline, from the Maven artifact's ONNX file. */
class SentenceEncoderTest {

    static SentenceEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = new SentenceEncoder(2);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void sentencesThatMeanTheSameAreCloserThanSentencesThatDoNot() {
        float[] cyclist = encoder.sentence("a cyclist rides along the walkway");
        float[] bicycle = encoder.sentence("a person on a bicycle moves down the path");
        float[] car = encoder.sentence("a red car stops");
        assertThat(cyclist).hasSize(SentenceEncoder.DIM);
        assertThat(dot(cyclist, cyclist)).isCloseTo(1.0, within(1e-4));
        assertThat(dot(cyclist, bicycle)).isGreaterThan(dot(cyclist, car) + 0.3);
        assertThat(encoder.sentence("a cyclist rides along the walkway")).isEqualTo(cyclist);
    }

    @Test
    void tokenVectorsHaveOneRowPerTokenWithClsAndSep() {
        SentenceEncoder.TokenVectors tokens = encoder.tokens("the red square moves left");
        assertThat(tokens.length()).isEqualTo(7); // [CLS] the red square moves left [SEP]
        assertThat(tokens.vectors()).hasNumberOfRows(7);
        assertThat(tokens.vectors()[0]).hasSize(SentenceEncoder.DIM);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
