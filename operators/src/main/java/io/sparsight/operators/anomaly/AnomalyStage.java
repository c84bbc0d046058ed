package io.sparsight.operators.anomaly;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Wires the anomaly stage: frames keyed by camera, scored in batches, turned into anomaly events per camera. */
public final class AnomalyStage {

    private AnomalyStage() {}

    /** The frame PSNRs of every camera in {@code frames}. */
    public static DataStream<FrameScore> scores(DataStream<VideoFrame> frames, AnomalyConfig config) {
        return frames
                .keyBy(new ByCamera())
                .transform("anomaly-scoring", TypeInformation.of(FrameScore.class), new AnomalyScoringOperator(config))
                .uid("anomaly-scoring");
    }

    /** Anomaly events of every camera in {@code frames}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, AnomalyConfig config) {
        return scores(frames, config)
                .keyBy(FrameScore.BY_CAMERA)
                .process(new PredictionErrorSpanFunction(config.spanRules()))
                .uid("anomaly-spans")
                .name("anomaly-spans");
    }
}
