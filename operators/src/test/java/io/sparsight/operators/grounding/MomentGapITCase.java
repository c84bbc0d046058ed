package io.sparsight.operators.grounding;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.testing.CapturedLogs;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera out for an hour while event time stands still: frames at 0-12 s, then at 3,600 s. The grounding stage
 * reads the stretch before the gap to its end when the first frame after it comes, and never reads the empty windows
 * of the gap (one per stride: some 1,800 model calls on the last frame before it).
 */
class MomentGapITCase {

    private static final Pattern WINDOW = Pattern.compile("camera cam window (\\d+)\\.\\.(\\d+) ms: ");

    private static List<VideoFrame> frames() {
        List<VideoFrame> frames = new ArrayList<>();
        long index = 0;
        for (long t = 0; t < 12_000; t += 100) {
            frames.add(frame(index++, t));
        }
        for (long t = 3_600_000; t < 3_602_000; t += 100) {
            frames.add(frame(index++, t));
        }
        return frames;
    }

    private static VideoFrame frame(long index, long offsetMs) {
        byte[] pixels = new byte[160 * 120 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i / 3 + index * 7) % 200);
        }
        return new VideoFrame("cam", index, offsetMs, 1_700_000_000_000L, 160, 120, 3, pixels);
    }

    @Test
    void theWindowsOfAnHourLongGapAreNotRead() throws Exception {
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromData(frames()).assignTimestampsAndWatermarks(
                WatermarkStrategy.<VideoFrame>forMonotonousTimestamps().withTimestampAssigner((f, t) -> f.captureTimeMs));
        DataStream<ControlMessage> control = env.fromData(new ControlMessage("queries", 0, 0, 0,
                "{\"action\": \"add\", \"id\": \"walk\", \"text\": \"the red square moves to the right\"}"));
        List<EventRecord> events = new ArrayList<>();
        String logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            try (CloseableIterator<EventRecord> it = GroundingStage.events(frames, control, GroundingConfig.defaults())
                    .executeAndCollect("moment-gap")) {
                it.forEachRemaining(events::add);
            }
            logs = captured.text();
        }
        List<String> windows = new ArrayList<>();
        Matcher m = WINDOW.matcher(logs);
        while (m.find()) {
            windows.add(m.group(1) + ".." + m.group(2));
        }
        System.out.println("windows read: " + windows + "; events: " + events);
        assertThat(windows).as("windows read: the stretch before the gap, as its last window").containsExactly(
                "0..11901");
    }
}
