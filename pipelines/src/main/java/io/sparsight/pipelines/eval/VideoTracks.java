package io.sparsight.pipelines.eval;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.operators.objects.Track;
import io.sparsight.pipelines.data.ColourFrames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A video file as the track-grounding model sees it: decoded in colour at {@code fps} frames a second, every frame
 * through the detector and tracker ({@link DetectAndTrack}), each confirmed track seen in a frame as a
 * {@link TrackedObject} (boxes as fractions of the frame; no poses yet).
 */
public final class VideoTracks {

    private VideoTracks() {}

    public static TrackVideo read(Path file, String id, DetectionModel detector, double fps) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no video file at " + file);
        }
        List<List<TrackedObject>> frames = new ArrayList<>();
        int[] size = new int[2];
        DetectAndTrack chain = new DetectAndTrack(detector, (timeMs, tracks) -> {
            int index = (int) Math.round(timeMs * fps / 1000);
            while (frames.size() <= index) {
                frames.add(new ArrayList<>());
            }
            for (Track t : tracks) {
                frames.get(index).add(new TrackedObject(t.id, CocoClasses.NAMES.get(t.classId), clamp(t.x1 / size[0]),
                        clamp(t.y1 / size[1]), clamp(t.x2 / size[0]), clamp(t.y2 / size[1]), t.bestScore, null));
            }
        });
        ColourFrames.stream(file.toString(), fps, picture -> {
            size[0] = picture.width();
            size[1] = picture.height();
            chain.add(new DetectionModel.Frame(picture.bgr(), picture.width(), picture.height(), 3), picture.timeMs());
            return true;
        });
        chain.flush();
        if (frames.isEmpty()) {
            throw new IOException(file + " has no video frames");
        }
        return new TrackVideo(id, size[0], size[1], fps, frames);
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }
}
