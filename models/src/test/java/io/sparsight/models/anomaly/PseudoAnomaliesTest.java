package io.sparsight.models.anomaly;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PseudoAnomaliesTest {

    /** A {@code width}x{@code height} video whose frame i holds the value i in every pixel. */
    private static FrameSequence numbered(String name, int frames, int width, int height) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            float[] frame = new float[width * height];
            java.util.Arrays.fill(frame, i);
            out.add(frame);
        }
        return new FrameSequence(name, width, height, out);
    }

    @Test
    void theWindowPlaysThreeTimesFasterInAbnormalStretchesThenHoldsStillUntilTheFrameCatchesUp() {
        PseudoAnomalies.Plan plan = PseudoAnomalies.plan("a", 400, 10, 5, 7);

        for (int i = 0; i < 10; i++) {
            assertThat(plan.abnormal()[i]).as("frame %d of the first, normal stretch", i).isFalse();
            assertThat(plan.windows()[i]).isNull();
        }
        int stretches = 0;
        for (int i = 1; i < plan.size(); i++) {
            int step = plan.windowFrames()[i] - plan.windowFrames()[i - 1];
            if (plan.abnormal()[i] && plan.abnormal()[i - 1]) {
                assertThat(step).as("window step into abnormal frame %d", i).isEqualTo(PseudoAnomalies.SPEED);
            }
            if (!plan.abnormal()[i] && plan.abnormal()[i - 1]) {
                stretches++;
                assertThat(plan.windows()[i]).as("frame %d after a fast stretch holds the window", i).isNotNull();
            }
            if (plan.windows()[i] == null) {
                assertThat(plan.windowFrames()[i]).isEqualTo(i);
            } else if (!plan.abnormal()[i] && plan.windows()[i - 1] != null && !plan.abnormal()[i - 1]) {
                assertThat(step).as("the window holds still in frame %d", i).isZero();
            }
            assertThat(Math.abs(plan.windowFrames()[i] - i)).as("the window never shows a frame far off")
                    .isLessThanOrEqualTo(2 * 10 * PseudoAnomalies.SPEED);
        }
        assertThat(stretches).isGreaterThan(2);
        assertThat(plan.abnormalFrames()).isPositive().isLessThan(plan.size() / 2);
    }

    @Test
    void aMadeFrameShowsTheFastFrameInsideTheWindowAndItsOwnFrameOutside() {
        PseudoAnomalies.Plan plan = PseudoAnomalies.plans(List.of(numbered("v", 200, 8, 4)), 10, 5, 42).get(0);
        for (FrameSequence source : List.of(numbered("v", 200, 8, 4), numbered("v", 200, 16, 8))) {
            FrameSequence made = plan.apply(source);
            assertThat(made.name()).isEqualTo("v-pseudo");
            int w = source.width();
            for (int i = 0; i < made.size(); i++) {
                PseudoAnomalies.Window window = plan.windows()[i];
                float[] frame = made.frames().get(i);
                for (int y = 0; y < source.height(); y++) {
                    for (int x = 0; x < w; x++) {
                        boolean inside = window != null && x >= (int) (window.x() * w)
                                && x < (int) ((window.x() + window.width()) * w)
                                && y >= (int) (window.y() * source.height())
                                && y < (int) ((window.y() + window.height()) * source.height());
                        assertThat(frame[y * w + x]).isEqualTo((float) (inside ? plan.windowFrames()[i] : i));
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedMakesTheSamePlan() {
        FrameSequence video = numbered("v", 300, 2, 2);
        int[] frames = PseudoAnomalies.plans(List.of(video), 20, 10, 42).get(0).windowFrames();

        assertThat(PseudoAnomalies.plans(List.of(video), 20, 10, 42).get(0).windowFrames()).containsExactly(frames);
        assertThat(PseudoAnomalies.plans(List.of(video), 20, 10, 43).get(0).windowFrames()).isNotEqualTo(frames);
    }

    @Test
    void aPlanForALongerVideoIsRefused() {
        PseudoAnomalies.Plan plan = PseudoAnomalies.plan("a", 100, 10, 5, 1);

        assertThatThrownBy(() -> plan.apply(numbered("short", 50, 2, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 50");
        assertThatThrownBy(() -> PseudoAnomalies.plan("a", 100, 0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
