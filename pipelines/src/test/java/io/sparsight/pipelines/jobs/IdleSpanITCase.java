package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.motion.MotionStage;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.LiveSettings;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.testing.LoopbackTcpStream;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every camera out at once: the job's only camera, a live TCP stream whose moving bar keeps a motion span open, goes
 * away and stays away. Event time stands still, so only the wall clock can say the camera went quiet: the open span
 * is closed and sent about {@code idleClose} after the last frame, while the camera is still out (without the
 * wall-clock timer it stayed open until the reconnect attempt 30 s later moved event time on).
 */
class IdleSpanITCase {

    /**
     * The first reconnect attempt 30 s after the loss: until then the camera sends no record at all, not even a
     * status, so nothing moves event time (statuses carry the wall clock and would).
     */
    private static final LiveSettings SLOW_RECONNECT = new LiveSettings(2_000, 4_000, 30_000, 30_000, 16);
    /** idleClose (5 s) after the last frame, rounded up to a second, with room for a loaded machine. */
    private static final int CLOSED_WITHIN_S = 20;

    @Test
    void aSpanOpenWhenEveryCameraWentAwayClosesOnWallClockIdleness() throws Exception {
        try (LoopbackTcpStream server = new LoopbackTcpStream(160, 120, 10)) {
            server.start();
            CameraSpec live = CameraSpec.builder("gate", server.url()).sampling(Sampling.fps(5)).size(80, 60)
                    .live(SLOW_RECONNECT).build();
            StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
            CameraJob.CameraStreams cameras = CameraJob.cameras(env, VideoSource.unbounded(List.of(live)));
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try (CloseableIterator<EventRecord> events = MotionStage.events(cameras.frames(), MotionConfig.defaults())
                    .executeAndCollect("idle-span")) {
                Future<EventRecord> first = reader.submit(events::next);
                Thread.sleep(6_000); // the bar sweeps: a span is open
                assertThat(first.isDone()).as("no motion event while the span is open").isFalse();
                server.stop();
                long stoppedAt = System.currentTimeMillis();
                EventRecord closed = first.get(CLOSED_WITHIN_S, TimeUnit.SECONDS);
                long afterMs = System.currentTimeMillis() - stoppedAt;
                System.out.println("span closed " + afterMs + " ms after the camera went away: " + closed.dataJson);
                assertThat(closed.type).isEqualTo(EventTypes.MOTION);
                assertThat(CloudEventJson.parse(closed.dataJson).path("endOffsetMs").asLong())
                        .as("the span ends at the last frame").isGreaterThan(4_000);
            } finally {
                reader.shutdownNow();
            }
        }
    }
}
