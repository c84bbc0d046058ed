package io.sparsight.models.grounding;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.sparsight.models.data.VideoClip;

import java.util.List;
import java.util.Map;

/** The pixel grounding model ({@link GroundingBlock}) over decoded videos: its windows are sampled frames. */
public final class PixelGrounding implements GroundingNetwork {

    private final GroundingBlock.Hyperparameters hp;
    private final Map<String, VideoClip> clips;

    public PixelGrounding(GroundingBlock.Hyperparameters hp, Map<String, VideoClip> clips) {
        this.hp = hp;
        this.clips = clips;
        for (VideoClip clip : clips.values()) {
            if (clip.width() != hp.width() || clip.height() != hp.height()) {
                throw new IllegalArgumentException("video " + clip.id() + " is " + clip.width() + "x" + clip.height()
                        + ", the model reads " + hp.width() + "x" + hp.height());
            }
        }
    }

    @Override
    public Block newBlock() {
        return new GroundingBlock(hp);
    }

    @Override
    public int textDim() {
        return hp.textDim();
    }

    @Override
    public Shape[] windowShapes(int batch) {
        return new Shape[] {new Shape(batch, hp.frames(), hp.channels(), hp.height(), hp.width())};
    }

    @Override
    public double seconds(String videoId) {
        return clip(videoId).seconds();
    }

    @Override
    public NDList windows(NDManager manager, List<VideoWindow> windows) {
        float[] frames = new float[windows.size() * hp.frames() * hp.channels() * hp.height() * hp.width()];
        int offset = 0;
        for (VideoWindow w : windows) {
            VideoClip clip = clip(w.videoId());
            offset = GroundingWindow.copy(clip.frames(),
                    GroundingWindow.sample(clip.fps(), clip.frames().size(), w.start(), w.length(), hp.frames()),
                    frames, offset);
        }
        return new NDList(manager.create(frames, windowShapes(windows.size())[0]));
    }

    private VideoClip clip(String id) {
        VideoClip clip = clips.get(id);
        if (clip == null) {
            throw new IllegalArgumentException("no video '" + id + "'");
        }
        return clip;
    }
}
