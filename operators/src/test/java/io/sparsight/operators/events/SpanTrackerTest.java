package io.sparsight.operators.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpanTrackerTest {

    /** Feeds scores one frame per 100 ms and returns the spans that closed, then the flushed one. */
    private static List<Span> run(SpanTracker tracker, double... scores) {
        SpanState state = new SpanState();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            Span s = tracker.update(state, scores[i], i * 100L, 1_000_000L + i * 100L);
            if (s != null) {
                spans.add(s);
            }
        }
        Span last = tracker.flush(state);
        if (last != null) {
            spans.add(last);
        }
        return spans;
    }

    @Test
    void opensAtEnterThresholdAndStaysOpenDownToExitThreshold() {
        SpanTracker tracker = new SpanTracker(0.5, 0.3, 0, 0);
        //                               0    1    2    3    4    5    6
        List<Span> spans = run(tracker, 0.1, 0.4, 0.6, 0.4, 0.35, 0.2, 0.1);
        assertThat(spans).hasSize(1);
        Span span = spans.get(0);
        assertThat(span.startOffsetMs()).isEqualTo(200); // 0.4 at frame 1 is below enter
        assertThat(span.endOffsetMs()).isEqualTo(400);   // last frame at or above exit
        assertThat(span.startTimeMs()).isEqualTo(1_000_200);
        assertThat(span.endTimeMs()).isEqualTo(1_000_400);
        assertThat(span.peakScore()).isEqualTo(0.6);
        assertThat(span.meanScore()).isCloseTo((0.6 + 0.4 + 0.35) / 3, within(1e-9));
        assertThat(span.frames()).isEqualTo(3);
    }

    @Test
    void shortDipsInsideTheQuietTimeDoNotSplitASpan() {
        SpanTracker tracker = new SpanTracker(0.5, 0.3, 0, 250);
        // dip of two frames (200 ms) below exit, then back up: one span
        List<Span> spans = run(tracker, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.0, 0.0, 0.0, 0.0);
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).startOffsetMs()).isEqualTo(0);
        assertThat(spans.get(0).endOffsetMs()).isEqualTo(500);
        assertThat(spans.get(0).frames()).isEqualTo(4);
    }

    @Test
    void aLongerGapClosesTheSpanAndANewOneOpens() {
        SpanTracker tracker = new SpanTracker(0.5, 0.3, 0, 250);
        List<Span> spans = run(tracker, 0.9, 0.9, 0.1, 0.1, 0.1, 0.9, 0.9);
        assertThat(spans).extracting(Span::startOffsetMs).containsExactly(0L, 500L);
        assertThat(spans).extracting(Span::endOffsetMs).containsExactly(100L, 600L);
    }

    @Test
    void spansShorterThanTheMinimumAreDropped() {
        SpanTracker tracker = new SpanTracker(0.5, 0.3, 300, 0);
        List<Span> spans = run(tracker, 0.9, 0.9, 0.0, 0.9, 0.9, 0.9, 0.9, 0.0);
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).startOffsetMs()).isEqualTo(300);
        assertThat(spans.get(0).durationMs()).isEqualTo(300);
    }

    @Test
    void flushClosesAnOpenSpanOnce() {
        SpanTracker tracker = new SpanTracker(0.5, 0.3, 0, 0);
        SpanState state = new SpanState();
        assertThat(tracker.update(state, 0.7, 0, 0)).isNull();
        assertThat(tracker.update(state, 0.7, 100, 100)).isNull();
        assertThat(tracker.flush(state)).isNotNull();
        assertThat(tracker.flush(state)).isNull();
        assertThat(state.open).isFalse();
    }

    @Test
    void rejectsAnExitThresholdAboveTheEnterThreshold() {
        assertThatThrownBy(() -> new SpanTracker(0.2, 0.3, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exit threshold");
    }
}
