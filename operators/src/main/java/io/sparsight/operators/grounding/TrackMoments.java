package io.sparsight.operators.grounding;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.grounding.TrackGroundingBlock;
import io.sparsight.models.grounding.TrackGroundingModel;
import io.sparsight.models.grounding.TrackWindow;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.operators.objects.TrackedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The track-grounding model in the stage: a window keeps each tracked frame's objects; asked, the window is read at
 * {@value #FPS} frames a second (each moment seeing the latest tracked frame at or before it: the object stage
 * detects at its own rate and skips still frames) and encoded as the model was trained ({@link TrackWindow}).
 */
final class TrackMoments implements MomentModel<TrackedFrame> {

    /** The rate a window is read at: the track videos' rate in evaluation ({@code eval grounding --detector}). */
    static final double FPS = 10;

    private final TrackGroundingModel model;
    private final Function<String, float[]> classEmbeddings;

    TrackMoments(TrackGroundingModel model, Function<String, float[]> classEmbeddings) {
        this.model = model;
        this.classEmbeddings = classEmbeddings;
    }

    @Override
    public String name() {
        return model.manifest().name;
    }

    @Override
    public String describe() {
        return model.hyperparameters().frames() + " sample times x " + model.hyperparameters().slots() + " tracks";
    }

    @Override
    public int textDim() {
        return model.hyperparameters().textDim();
    }

    @Override
    public WindowFrame keep(TrackedFrame frame) {
        List<TrackedObject> objects = frame.objects();
        float[] packed = new float[objects.size() * WindowFrame.OBJECT_FLOATS];
        for (int i = 0; i < objects.size(); i++) {
            TrackedObject o = objects.get(i);
            int at = i * WindowFrame.OBJECT_FLOATS;
            packed[at] = o.track();
            packed[at + 1] = frame.classIds[i];
            packed[at + 2] = o.x1();
            packed[at + 3] = o.y1();
            packed[at + 4] = o.x2();
            packed[at + 5] = o.y2();
            packed[at + 6] = o.score();
        }
        return WindowFrame.ofObjects(frame.streamOffsetMs, packed, frame.keypoints, (float) frame.height / frame.width);
    }

    @Override
    public List<GroundingModel.Prediction> answer(List<WindowFrame> buffered, long start, long end, float[] sentences,
            int queries) {
        TrackGroundingBlock.Hyperparameters hp = model.hyperparameters();
        double seconds = (end - start) / 1000.0;
        List<List<TrackedObject>> frames = frames(buffered, start, end);
        TrackWindow.Encoded window = TrackWindow.encode(frames, FPS, buffered.get(0).aspect, 0, seconds, hp.frames(),
                hp.slots());
        return model.predictWindow(window, classEmbeddings, sentences, queries);
    }

    /** The window {@code [start, end)} at {@link #FPS}: each frame's objects, from the latest tracked frame before. */
    static List<List<TrackedObject>> frames(List<WindowFrame> buffered, long start, long end) {
        int count = Math.max(1, (int) Math.round((end - start) / 1000.0 * FPS));
        List<List<TrackedObject>> frames = new ArrayList<>(count);
        for (WindowFrame f : MomentWindows.sample(buffered, start, end, count)) {
            frames.add(objects(f));
        }
        return frames;
    }

    private static List<TrackedObject> objects(WindowFrame frame) {
        List<TrackedObject> objects = new ArrayList<>(frame.objects.length / WindowFrame.OBJECT_FLOATS);
        for (int i = 0, at = 0; at < frame.objects.length; i++, at += WindowFrame.OBJECT_FLOATS) {
            float[] o = frame.objects;
            objects.add(new TrackedObject((int) o[at], CocoClasses.NAMES.get((int) o[at + 1]), o[at + 2], o[at + 3],
                    o[at + 4], o[at + 5], o[at + 6], TrackedFrame.poseAt(frame.poses, i)));
        }
        return objects;
    }

    @Override
    public void close() {
        model.close();
    }
}
