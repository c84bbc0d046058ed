package io.sparsight.models.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.OfflineRuntime;
import io.sparsight.models.tfjs.TfjsGraphModel;
import io.sparsight.models.tfjs.TfjsProgram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * People's poses: the bundled MoveNet MultiPose Lightning ({@code coco-movenet}, PROVENANCE.md), up to 6 people a
 * frame, each with 17 COCO keypoints and a box. Frames are letterboxed into 256x256 as the detector letterboxes
 * them; poses come back as fractions of the frame.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class PoseModel implements AutoCloseable {

    public static final String BUNDLED = "coco-movenet";
    /** The model's input: square, in pixels (a multiple of 32). */
    public static final int INPUT = 256;
    public static final int KEYPOINTS = 17;
    private static final int PEOPLE = 6;
    private static final int VALUES = 3 * KEYPOINTS + 5;

    /**
     * One person: keypoints as {@code (x, y, score)} triples in COCO order, x and y as fractions of the frame; the
     * box as fractions of the frame; the person's score.
     */
    public record Pose(float[] keypoints, float x1, float y1, float x2, float y2, float score) {}

    private final NDManager manager;
    private final TfjsProgram program;

    private PoseModel(NDManager manager, TfjsProgram program) {
        this.manager = manager;
        this.program = program;
    }

    public static PoseModel bundled(Device device) throws IOException {
        TfjsGraphModel graph = TfjsGraphModel.readBundled(BUNDLED, "movenet-multipose.json");
        NDManager manager = OfflineRuntime.pytorch().newBaseManager(device);
        try {
            return new PoseModel(manager, new TfjsProgram(graph, manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The people in one frame scoring at least {@code minScore}, best first.
     *
     * @param pixels rows of {@code width} pixels of {@code channels} bytes (1: grey; 3: BGR)
     */
    public List<Pose> poses(byte[] pixels, int width, int height, int channels, float minScore) {
        float scale = Letterbox.scale(width, height, INPUT);
        int[] rgb = new int[INPUT * INPUT * 3];
        Letterbox.sample(pixels, width, height, channels, scale, INPUT,
                (x, y, c, v) -> rgb[(y * INPUT + x) * 3 + (2 - c)] = Math.round(v));
        float[] out;
        try (NDManager call = manager.newSubManager()) {
            NDArray input = call.create(rgb, new Shape(1, INPUT, INPUT, 3));
            out = program.run(input, call).values().iterator().next().toFloatArray();
        }
        // fractions of the square to fractions of the frame
        float sx = INPUT / (width * scale);
        float sy = INPUT / (height * scale);
        List<Pose> poses = new ArrayList<>();
        for (int p = 0; p < PEOPLE; p++) {
            int at = p * VALUES;
            float score = out[at + 3 * KEYPOINTS + 4];
            if (score < minScore) {
                continue;
            }
            float[] keypoints = new float[3 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
                keypoints[3 * k] = clamp(out[at + 3 * k + 1] * sx);
                keypoints[3 * k + 1] = clamp(out[at + 3 * k] * sy);
                keypoints[3 * k + 2] = out[at + 3 * k + 2];
            }
            int box = at + 3 * KEYPOINTS;
            poses.add(new Pose(keypoints, clamp(out[box + 1] * sx), clamp(out[box] * sy), clamp(out[box + 3] * sx),
                    clamp(out[box + 2] * sy), score));
        }
        poses.sort((a, b) -> Float.compare(b.score(), a.score()));
        return poses;
    }

    private static float clamp(float v) {
        return Math.max(0, Math.min(1, v));
    }

    @Override
    public void close() {
        program.close();
        manager.close();
    }
}
