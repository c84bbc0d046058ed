package io.sparsight.operators.grounding;

import io.sparsight.models.grounding.GroundingBlock;
import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.grounding.GroundingWindow;
import io.sparsight.operators.frames.VideoFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The pixel grounding model in the stage: a window keeps each frame as planar RGB at the model's size. */
final class FrameMoments implements MomentModel<VideoFrame> {

    private final GroundingModel model;

    FrameMoments(GroundingModel model) {
        this.model = model;
    }

    @Override
    public String name() {
        return model.manifest().name;
    }

    @Override
    public String describe() {
        return model.hyperparameters().frames() + " frames";
    }

    @Override
    public int textDim() {
        return model.hyperparameters().textDim();
    }

    @Override
    public WindowFrame keep(VideoFrame frame) {
        GroundingBlock.Hyperparameters hp = model.hyperparameters();
        return WindowFrame.ofPixels(frame.streamOffsetMs, GroundingInput.planarRgb(frame, hp.width(), hp.height()));
    }

    @Override
    public List<GroundingModel.Prediction> answer(List<WindowFrame> buffered, long start, long end, float[] sentences,
            int queries) {
        int n = model.hyperparameters().frames();
        List<byte[]> sampled = new ArrayList<>(n);
        MomentWindows.sample(buffered, start, end, n).forEach(f -> sampled.add(f.pixels));
        float[] window = new float[model.windowSize()];
        GroundingWindow.copy(sampled, IntStream.range(0, sampled.size()).toArray(), window, 0);
        return model.predictWindow(window, sentences, queries);
    }

    @Override
    public void close() {
        model.close();
    }
}
