package io.sparsight.operators.anomaly;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import io.sparsight.operators.objects.TrackedFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Wires the anomaly stage: frames keyed by camera, scored in batches, turned into anomaly events per camera. */
public final class AnomalyStage {

    private AnomalyStage() {}

    /**
     * The frame PSNRs of every camera in {@code frames}; cameras whose model cannot be loaded get status events in
     * its {@link AnomalyScoringOperator#MODEL_STATUS} side output.
     */
    public static SingleOutputStreamOperator<FrameScore> scores(DataStream<VideoFrame> frames, AnomalyConfig config) {
        return frames
                .keyBy(new ByCamera())
                .transform("anomaly-scoring", TypeInformation.of(FrameScore.class), new AnomalyScoringOperator(config))
                .uid("anomaly-scoring");
    }

    /** Anomaly events of every camera in {@code frames}, and the status events of cameras without their model. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, AnomalyConfig config) {
        return events(frames, null, config);
    }

    /**
     * As {@link #events(DataStream, AnomalyConfig)}, the scores of the cameras in {@code trackedFrames} (the object
     * stage's, may be null) fused with their objects' ({@link ObjectFusion}) where the camera's model has an object
     * density.
     */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DataStream<TrackedFrame> trackedFrames,
            AnomalyConfig config) {
        SingleOutputStreamOperator<FrameScore> scores = scores(frames, config);
        DataStream<FrameScore> spanInput = scores;
        if (trackedFrames != null) {
            spanInput = scores.keyBy(FrameScore.BY_CAMERA)
                    .connect(trackedFrames.keyBy(frame -> frame.cameraId, Types.STRING))
                    .process(new ObjectFusion(config))
                    .uid("anomaly-objects")
                    .name("anomaly-objects");
        }
        return spanInput
                .keyBy(FrameScore.BY_CAMERA)
                .process(new PredictionErrorSpanFunction(config.spanRules()))
                .uid("anomaly-spans")
                .name("anomaly-spans")
                .union(scores.getSideOutput(AnomalyScoringOperator.MODEL_STATUS));
    }
}
