package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.frames.VideoFrame;

import java.util.function.Function;

/** The grounding stage on pixels: each camera's frames, asked by the pixel grounding model ({@link FrameMoments}). */
public class FrameMomentDetector extends MomentDetector<VideoFrame> {

    private static final long serialVersionUID = 1L;

    public FrameMomentDetector(GroundingConfig config) {
        super(config);
    }

    @Override
    protected Position position(VideoFrame frame) {
        return new Position(frame.streamStartMs, frame.streamId, frame.streamOffsetMs, frame.captureTimeMs, frame.live,
                frame.arrivalMs);
    }

    @Override
    protected MomentModel<VideoFrame> openModel(Function<String, float[]> sentences) throws ModelArtifactException {
        return new FrameMoments(ModelRef.open(config.model(), config.device(), GroundingModel::bundled,
                GroundingModel::load));
    }
}
