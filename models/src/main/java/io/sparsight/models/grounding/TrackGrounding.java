package io.sparsight.models.grounding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.sparsight.models.tracks.TrackVideo;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The track-grounding model ({@link TrackGroundingBlock}) over track videos: its windows are {@link TrackWindow}s,
 * each slot's class given as the sentence embedding of its class name.
 */
public final class TrackGrounding implements GroundingNetwork {

    private final TrackGroundingBlock.Hyperparameters hp;
    private final Map<String, TrackVideo> videos;
    private final Function<String, float[]> classEmbeddings;

    /**
     * @param classEmbeddings a class name's sentence embedding (e.g. a cache of {@code SentenceEncoder::sentence})
     */
    public TrackGrounding(TrackGroundingBlock.Hyperparameters hp, Map<String, TrackVideo> videos,
            Function<String, float[]> classEmbeddings) {
        this.hp = hp;
        this.videos = videos;
        this.classEmbeddings = classEmbeddings;
    }

    @Override
    public Block newBlock() {
        return new TrackGroundingBlock(hp);
    }

    @Override
    public int textDim() {
        return hp.textDim();
    }

    @Override
    public Shape[] windowShapes(int batch) {
        return shapes(hp, batch);
    }

    static Shape[] shapes(TrackGroundingBlock.Hyperparameters hp, int batch) {
        return new Shape[] {new Shape(batch, hp.frames(), hp.slots(), hp.features()),
                new Shape(batch, hp.slots(), hp.textDim())};
    }

    @Override
    public double seconds(String videoId) {
        return video(videoId).seconds();
    }

    @Override
    public NDList windows(NDManager manager, List<VideoWindow> windows) {
        int perWindow = hp.frames() * hp.slots() * hp.features();
        float[] features = new float[windows.size() * perWindow];
        float[] classes = new float[windows.size() * hp.slots() * hp.textDim()];
        for (int i = 0; i < windows.size(); i++) {
            VideoWindow w = windows.get(i);
            TrackVideo video = video(w.videoId());
            TrackWindow.Encoded encoded = TrackWindow.encode(video.frames(), video.fps(), video.aspect(), w.start(),
                    w.length(), hp.frames(), hp.slots());
            System.arraycopy(encoded.features(), 0, features, i * perWindow, perWindow);
            classes(encoded.labels(), classEmbeddings, hp.textDim(), classes, i * hp.slots() * hp.textDim());
        }
        Shape[] shapes = windowShapes(windows.size());
        return new NDList(manager.create(features, shapes[0]), manager.create(classes, shapes[1]));
    }

    /** Writes each slot's class embedding (zeros for an empty slot) into {@code into} from {@code offset}. */
    static void classes(String[] labels, Function<String, float[]> classEmbeddings, int textDim, float[] into,
            int offset) {
        for (int s = 0; s < labels.length; s++) {
            if (labels[s] != null) {
                System.arraycopy(classEmbeddings.apply(labels[s]), 0, into, offset + s * textDim, textDim);
            }
        }
    }

    private TrackVideo video(String id) {
        TrackVideo video = videos.get(id);
        if (video == null) {
            throw new IllegalArgumentException("no track video '" + id + "'");
        }
        return video;
    }
}
