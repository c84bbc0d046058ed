package io.sparsight.operators.anomaly;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.operators.frames.CameraRecord;
import io.sparsight.operators.frames.SplitCameraRecords;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.operators.testing.TestFlink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A camera whose anomaly model is not there yet: each failed load is an {@code error} status of the camera, the
 * load is tried again with growing delays, and once the model folder appears (a training that finishes) the camera's
 * frames are scored without a restart.
 */
class ModelRetryITCase {

    private static final Path BUNDLED = Path.of("../models/src/main/resources/models/anomaly-ped2");

    @TempDir
    Path dir;

    @Test
    void aModelThatAppearsLaterIsPickedUpAndEachFailedLoadIsAStatus() throws Exception {
        Path video = SyntheticVideo.of(160, 120, 10, 300).movingBlock(20, 280).writeTo(dir.resolve("gate.mp4"));
        Path later = dir.resolve("later-model");
        AnomalyConfig d = AnomalyConfig.defaults();
        AnomalyConfig config = new AnomalyConfig(later.toString(), Map.of(), "cpu", d.batchSize(), d.batchTimeoutMs(),
                d.enterThreshold(), d.exitThreshold(), d.minDurationMs(), d.quietMs(), d.idleCloseMs(), d.maxLagMs());
        CameraSpec camera = CameraSpec.builder("gate", video.toString()).sampling(Sampling.full()).size(160, 120)
                .playbackSpeed(1).build();
        StreamExecutionEnvironment env = TestFlink.localEnvironment(1);
        DataStream<VideoFrame> frames = env.fromSource(VideoSource.bounded(List.of(camera)),
                WatermarkStrategy.<CameraRecord>noWatermarks(), "video").process(new SplitCameraRecords());
        SingleOutputStreamOperator<FrameScore> scores = AnomalyStage.scores(frames, config);
        DataStream<String> seen = scores.map(s -> "score " + s.frameIndex).returns(Types.STRING)
                .union(scores.getSideOutput(AnomalyScoringOperator.MODEL_STATUS)
                        .map(e -> "status " + CloudEventJson.parse(e.dataJson).path("reason").asText())
                        .returns(Types.STRING));
        List<String> statuses = new ArrayList<>();
        String firstScore = null;
        try (CloseableIterator<String> it = seen.executeAndCollect("model-retry")) {
            while (it.hasNext() && firstScore == null) {
                String next = it.next();
                if (next.startsWith("status")) {
                    statuses.add(next);
                    if (statuses.size() == 2) {
                        Files.createDirectories(later); // the training finished: the model is there now
                        for (String file : List.of("model.json", "anomaly-ped2-0000.params")) {
                            Files.copy(BUNDLED.resolve(file), later.resolve(file));
                        }
                    }
                } else {
                    firstScore = next;
                }
            }
        }
        System.out.println("statuses: " + statuses + "; then " + firstScore);
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(2);
        assertThat(statuses.get(0)).contains("the anomaly model " + later + " cannot be loaded")
                .contains("trying again in 1 s");
        assertThat(statuses.get(1)).contains("trying again in 2 s");
        assertThat(firstScore).as("a frame scored once the model was there").isNotNull();
    }
}
