package io.sparsight.operators.diffusion;

import io.sparsight.operators.anomaly.FrameScore;
import io.sparsight.operators.anomaly.PredictionErrorSpanFunction;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Wires the diffusion stage: frames keyed by camera, predicted in batches by the video DiT, the error of each
 * prediction turned into {@code io.sparsight.prediction} events per camera; the gaps a camera leaves filled with
 * synthetic frames, each gap reported by an {@code io.sparsight.repair} event.
 */
public final class DiffusionStage {

    private DiffusionStage() {}

    /**
     * What the stage gives: its events (predictions and repairs), and the frames it made to fill gaps (flagged
     * {@link VideoFrame#synthetic}, at the model's size, grey) for whatever wants a camera's stream without holes,
     * and every predicted frame (flagged {@link VideoFrame#predicted}), which the clip stage shows beside the real
     * ones.
     */
    public record Outputs(DataStream<EventRecord> events, DataStream<VideoFrame> syntheticFrames,
            DataStream<VideoFrame> predictedFrames) {}

    /** The stage over every camera in {@code frames}. */
    public static Outputs run(DataStream<VideoFrame> frames, DiffusionConfig config) {
        SingleOutputStreamOperator<FrameScore> scores = frames
                .keyBy(new ByCamera())
                .transform("diffusion-scoring", TypeInformation.of(FrameScore.class),
                        new DiffusionScoringOperator(config))
                .uid("diffusion-scoring");
        DataStream<EventRecord> predictions = scores
                .keyBy(FrameScore.BY_CAMERA)
                .process(new PredictionErrorSpanFunction(config.spanRules()))
                .uid("diffusion-spans")
                .name("diffusion-spans");
        return new Outputs(predictions.union(scores.getSideOutput(DiffusionScoringOperator.REPAIRS),
                scores.getSideOutput(DiffusionScoringOperator.MODEL_STATUS)),
                scores.getSideOutput(DiffusionScoringOperator.SYNTHETIC_FRAMES),
                scores.getSideOutput(DiffusionScoringOperator.PREDICTED_FRAMES));
    }

    /** Prediction and repair events of every camera in {@code frames}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DiffusionConfig config) {
        return run(frames, config).events();
    }
}
