package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.TrackGroundingModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.objects.TrackedFrame;

import java.util.function.Function;

/**
 * The grounding stage on tracks: each camera's tracked frames from the object stage, asked by the track-grounding
 * model ({@link TrackMoments}).
 */
public class TrackMomentDetector extends MomentDetector<TrackedFrame> {

    private static final long serialVersionUID = 1L;

    public TrackMomentDetector(GroundingConfig config) {
        super(config);
    }

    @Override
    protected Position position(TrackedFrame frame) {
        return new Position(frame.streamStartMs, frame.streamId, frame.streamOffsetMs, frame.captureTimeMs, frame.live,
                frame.arrivalMs);
    }

    @Override
    protected MomentModel<TrackedFrame> openModel(Function<String, float[]> sentences) throws ModelArtifactException {
        return new TrackMoments(ModelRef.open(config.model(), config.device(), TrackGroundingModel::bundled,
                TrackGroundingModel::load), sentences);
    }
}
