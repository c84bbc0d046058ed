package io.sparsight.operators.anomaly;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * How well a camera's frame predictor (anomaly stage) or video DiT (diffusion stage) predicted one frame: the PSNR
 * of the prediction (whole frame and worst region), the model's normal PSNR baseline ({@code NormalBaseline}), and
 * the frame's place in time. A Flink POJO.
 */
public class FrameScore {

    /** Keys scores by camera: what the span functions are keyed by. */
    public static final KeySelector<FrameScore, String> BY_CAMERA = new ByCamera();

    private static final class ByCamera implements KeySelector<FrameScore, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(FrameScore score) {
            return score.cameraId;
        }
    }

    public String cameraId;
    public String model;
    public long frameIndex;
    public long streamOffsetMs;
    public long captureTimeMs;
    /** Arrival of the scored frame in this process (VideoFrame#arrivalMs), for the event latency metric. */
    public long arrivalMs;
    public long streamStartMs;
    /** What the stream is (VideoFrame#streamId): event ids are derived from it. */
    public long streamId;
    /** The scored frame came from a live camera (VideoFrame#live). */
    public boolean live;
    public double framePsnr;
    public double regionPsnr;
    public double normalPsnrMean;
    public double normalPsnrStd;
    /** The model's calibrated live alarm gap in dB; 0 for models calibrated before it existed. */
    public double normalAlarmGapDb;
    /**
     * Set by {@link ObjectFusion} on a camera with objects whose model has an object density: {@link #objectScore}
     * is fused with the PSNR's score.
     */
    public boolean objectsFused;
    /** How unusual the frame's most unusual tracked object is, in [0, 1] (ObjectDensity#unitScore); 0 without one. */
    public double objectScore;
    /** That object, or null. */
    public ObjectReading object;

    public FrameScore() {}

    @Override
    public String toString() {
        return "FrameScore{" + cameraId + " #" + frameIndex + " @" + streamOffsetMs + "ms psnr=" + framePsnr + "}";
    }
}
