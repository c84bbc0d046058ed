package io.sparsight.operators.diffusion;

import io.sparsight.operators.anomaly.FrameScore;
import io.sparsight.operators.anomaly.PredictionErrorSpanFunction;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Wires the diffusion stage: frames keyed by camera, predicted in batches by the video DiT, the error of each
 * prediction turned into {@code io.sparsight.prediction} events per camera.
 */
public final class DiffusionStage {

    private DiffusionStage() {}

    /** The prediction PSNRs of every camera in {@code frames}. */
    public static DataStream<FrameScore> scores(DataStream<VideoFrame> frames, DiffusionConfig config) {
        return frames
                .keyBy(new ByCamera())
                .transform("diffusion-scoring", TypeInformation.of(FrameScore.class), new DiffusionScoringOperator(config))
                .uid("diffusion-scoring");
    }

    /** Prediction events of every camera in {@code frames}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DiffusionConfig config) {
        return scores(frames, config)
                .keyBy(FrameScore.BY_CAMERA)
                .process(new PredictionErrorSpanFunction(config.spanRules()))
                .uid("diffusion-spans")
                .name("diffusion-spans");
    }
}
