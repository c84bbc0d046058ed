package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HandOverQueueTest {

    private static ReaderItem frame(long index) {
        return ReaderItem.frame(new VideoFrame("cam", index, index * 100, 0, 8, 8, 1, new byte[64]), index);
    }

    private static ReaderItem status(String state) {
        return ReaderItem.status(CameraStatus.of("cam", state, "", 0, 0, 0));
    }

    @Test
    void whenFullTheOldestFramesAreDroppedAndCountedButStatusesAreKept() throws Exception {
        HandOverQueue queue = new HandOverQueue(3);
        queue.put(status(CameraStatus.ONLINE));
        for (int i = 0; i < 6; i++) {
            queue.put(frame(i));
        }
        queue.put(status(CameraStatus.OFFLINE));
        List<ReaderItem> items = queue.drain(0);
        assertThat(items).hasSize(5);
        assertThat(items.get(0).record().status.state).isEqualTo(CameraStatus.ONLINE);
        assertThat(items.subList(1, 4)).extracting(i -> i.record().frame.frameIndex).containsExactly(3L, 4L, 5L);
        assertThat(items.get(4).record().status.state).isEqualTo(CameraStatus.OFFLINE);
        assertThat(queue.droppedFrames()).isEqualTo(3);
    }

    @Test
    void statusesAreBoundedTooTheOldestDroppedAndCounted() throws Exception {
        HandOverQueue queue = new HandOverQueue(3);
        queue.put(frame(1));
        for (int i = 0; i < HandOverQueue.STATUS_CAPACITY + 10; i++) {
            queue.put(status(i % 2 == 0 ? CameraStatus.RECONNECTING : CameraStatus.OFFLINE));
        }
        List<ReaderItem> drained = queue.drain(0);
        assertThat(drained).hasSize(HandOverQueue.STATUS_CAPACITY + 1);
        assertThat(drained.get(0).isFrame()).as("frames are not dropped for statuses").isTrue();
        assertThat(queue.droppedStatuses()).isEqualTo(10);
        assertThat(queue.droppedFrames()).isZero();
    }

    @Test
    void oneDiscontinuityReportPerFiveSecondsAddsUpTheJumpsBetween() {
        DiscontinuityReports reports = new DiscontinuityReports();
        assertThat(reports.frame(0, 1_000)).isNull();
        assertThat(reports.frame(400, 1_100)).as("the first jump at once").isEqualTo(
                new DiscontinuityReports.Report(1, 400));
        for (long t = 1_200; t < 6_100; t += 100) {
            assertThat(reports.frame(-300, t)).as("jump at %d ms", t).isNull();
        }
        DiscontinuityReports.Report second = reports.frame(0, 6_100);
        assertThat(second).isEqualTo(new DiscontinuityReports.Report(49, -14_700));
        assertThat(second.reason()).startsWith("timestamps jumped 49 times, by -14700 ms in all");
        assertThat(reports.frame(0, 20_000)).as("nothing pending").isNull();
        assertThat(reports.frame(50, 20_100)).isEqualTo(new DiscontinuityReports.Report(1, 50));
    }

    @Test
    void drainWaitsForTheFirstItemUpToItsTimeout() throws Exception {
        HandOverQueue queue = new HandOverQueue(3);
        long start = System.nanoTime();
        assertThat(queue.drain(100)).isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(90);

        Thread producer = new Thread(() -> queue.put(frame(7)));
        producer.start();
        assertThat(queue.drain(5_000)).extracting(i -> i.record().frame.frameIndex).containsExactly(7L);
        producer.join();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCapAndResets() {
        Backoff backoff = new Backoff(500, 4_000, new Random(1));
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.nextDelayMs();
        }
        long[] bases = {500, 1_000, 2_000, 4_000, 4_000, 4_000};
        for (int i = 0; i < delays.length; i++) {
            assertThat(delays[i]).as("delay %d", i).isBetween(Math.round(bases[i] * 0.8), Math.min(4_000, Math.round(bases[i] * 1.2)));
        }
        backoff.reset();
        assertThat(backoff.nextDelayMs()).isBetween(400L, 600L);
    }
}
