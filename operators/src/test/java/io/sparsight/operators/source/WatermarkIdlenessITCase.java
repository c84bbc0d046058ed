package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-camera watermarks with idleness: four cameras in one reader, one of which sends a frame only every 30 s.
 * With idleness the event-time clock keeps advancing with the three busy cameras; without it, the quiet camera
 * holds it back (the control run shows the test can fail).
 */
class WatermarkIdlenessITCase {

    /**
     * Emits, with every record, the current watermark downstream of the source relative to the stream start (the
     * event time of each camera's first frame), so load on the machine before the job starts does not count.
     */
    static final class CurrentWatermark extends ProcessFunction<CameraRecord, Long> {
        @Override
        public void processElement(CameraRecord record, Context ctx, Collector<Long> out) {
            long streamStart = record.isFrame() ? record.frame.streamStartMs : record.status.streamStartMs;
            long watermark = ctx.timerService().currentWatermark();
            out.collect(watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - streamStart);
        }
    }

    private static long watermarkAfter(WatermarkStrategy<CameraRecord> strategy, Duration runFor) throws Exception {
        List<CameraSpec> cameras = List.of(
                busy("busy-1"), busy("busy-2"), busy("busy-3"),
                CameraSpec.builder("quiet", "lavfi:testsrc=size=64x48:rate=1/30")
                        .sampling(Sampling.full()).size(32, 24).playbackSpeed(1).build());
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        env.getConfig().setAutoWatermarkInterval(100);
        long last = Long.MIN_VALUE;
        try (CloseableIterator<Long> it = env.fromSource(VideoSource.unbounded(cameras), strategy, "video")
                .process(new CurrentWatermark())
                .executeAndCollect("watermark-it")) {
            long until = -1;
            while (it.hasNext()) {
                long relative = it.next();
                if (until < 0) {
                    until = System.currentTimeMillis() + runFor.toMillis(); // from the first record on
                }
                last = Math.max(last, relative);
                if (System.currentTimeMillis() > until) {
                    break;
                }
            }
        }
        return last;
    }

    private static CameraSpec busy(String id) {
        return CameraSpec.builder(id, "lavfi:testsrc=size=64x48:rate=10")
                .sampling(Sampling.fps(5)).size(32, 24).playbackSpeed(1).build();
    }

    @Test
    void anIdleCameraDoesNotHoldBackEventTimeForTheOthers() throws Exception {
        long withIdleness = watermarkAfter(
                WatermarkStrategy.<CameraRecord>forMonotonousTimestamps().withIdleness(Duration.ofSeconds(1)),
                Duration.ofSeconds(6));
        long withoutIdleness = watermarkAfter(
                WatermarkStrategy.forMonotonousTimestamps(), Duration.ofSeconds(6));

        // Relative to the stream start: the busy cameras' frames carry wall-clock time; the quiet camera's only frame
        // is at the start, so without idleness the watermark stays there.
        assertThat(withIdleness).as("watermark with idleness, ms after the stream start").isGreaterThan(2_000);
        assertThat(withoutIdleness).as("watermark without idleness, ms after the stream start").isLessThan(500);
    }
}
