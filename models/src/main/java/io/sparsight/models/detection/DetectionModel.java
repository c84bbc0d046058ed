package io.sparsight.models.detection;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.models.runtime.OfflineRuntime;
import io.sparsight.models.tfjs.TfjsGraphModel;
import io.sparsight.models.tfjs.TfjsProgram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bundled COCO detector (NanoDet-g, imported from TF.js) answering frames: a frame of any size, grey or BGR as
 * the source decodes it, is letterboxed into the model's 416x416 (scaled to fit, padded right and below), normalised
 * as the model was trained, run, decoded and suppressed; boxes come back in the frame's pixels. Not thread-safe.
 */
public final class DetectionModel implements AutoCloseable {

    public static final String BUNDLED = "coco-nanodet";
    /** The model's input: square, in pixels. */
    public static final int INPUT = 416;
    /** Boxes of one class overlapping more than this are one object. */
    public static final float NMS_IOU = 0.6f;
    /** Upstream's {@code max_num}: the most objects one frame gives, the best. */
    public static final int MAX_DETECTIONS = 100;
    private static final float[] MEAN_BGR = {103.53f, 116.28f, 123.675f};
    private static final float[] STD_BGR = {57.375f, 57.12f, 58.395f};

    private final NDManager manager;
    private final TfjsProgram program;
    private final NanoDetDecoder decoder = new NanoDetDecoder(INPUT, CocoClasses.NAMES.size());

    private DetectionModel(NDManager manager, TfjsProgram program) {
        this.manager = manager;
        this.program = program;
    }

    public static DetectionModel bundled() throws IOException {
        return bundled(Devices.chosen());
    }

    public static DetectionModel bundled(Device device) throws IOException {
        return fromGraph(TfjsGraphModel.readBundled(BUNDLED, "nanodet.json"), device);
    }

    private static DetectionModel fromGraph(TfjsGraphModel graph, Device device) throws IOException {
        NDManager manager = OfflineRuntime.pytorch().newBaseManager(device);
        try {
            return new DetectionModel(manager, new TfjsProgram(graph, manager));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The detector {@code ref} names: {@code bundled:coco-nanodet}, or a folder holding a TF.js graph of NanoDet at
     * this input size ({@code model.json} and its weight files).
     *
     * @param device auto, cpu, gpu or gpu:N
     */
    public static DetectionModel open(String ref, String device) throws ModelArtifactException {
        return ModelRef.open(ref, device, (name, chosen) -> {
            if (!name.equals(BUNDLED)) {
                throw new ModelArtifactException("no bundled detector named '" + name + "' (bundled: " + BUNDLED + ")");
            }
            return opened(ref, () -> bundled(chosen));
        }, (dir, chosen) -> opened(ref, () -> fromGraph(TfjsGraphModel.read(dir.resolve("model.json")), chosen)));
    }

    private interface Opener {
        DetectionModel open() throws IOException;
    }

    private static DetectionModel opened(String ref, Opener opener) throws ModelArtifactException {
        try {
            return opener.open();
        } catch (IOException | RuntimeException e) {
            throw new ModelArtifactException("the detector " + ref + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The objects in one frame with a score of at least {@code minScore}, best first.
     *
     * @param pixels rows of {@code width} pixels of {@code channels} bytes (1: grey, fed as three equal channels;
     *               3: BGR)
     */
    public List<Detection> detect(byte[] pixels, int width, int height, int channels, float minScore) {
        return detectAll(List.of(new Frame(pixels, width, height, channels)), minScore).get(0);
    }

    /** A frame to detect in: rows of {@code width} pixels of {@code channels} bytes (1: grey, 3: BGR). */
    public record Frame(byte[] pixels, int width, int height, int channels) {}

    /**
     * The objects in each of {@code frames}, found in one call of the network (a batch), each frame's best first: the
     * same as {@link #detect} frame by frame, up to float rounding.
     */
    public List<List<Detection>> detectAll(List<Frame> frames, float minScore) {
        float[] input = new float[frames.size() * 3 * INPUT * INPUT];
        float[] scales = new float[frames.size()];
        for (int f = 0; f < frames.size(); f++) {
            Frame frame = frames.get(f);
            scales[f] = Letterbox.scale(frame.width(), frame.height(), INPUT);
            float[] one = letterbox(frame.pixels(), frame.width(), frame.height(), frame.channels(), scales[f]);
            System.arraycopy(one, 0, input, f * one.length, one.length);
        }
        try (NDManager call = manager.newSubManager()) {
            NDArray tensor = call.create(input, new Shape(frames.size(), 3, INPUT, INPUT));
            Map<String, NDArray> outputs = program.run(tensor, call);
            List<List<Detection>> all = new ArrayList<>(frames.size());
            for (int f = 0; f < frames.size(); f++) {
                List<Detection> found = NonMaxSuppression.perClass(decoder.decode(outputs, f, minScore), NMS_IOU);
                found = found.subList(0, Math.min(found.size(), MAX_DETECTIONS));
                List<Detection> inFrame = new ArrayList<>(found.size());
                for (Detection d : found) {
                    inFrame.add(d.mapped(0, 0, 1 / scales[f]));
                }
                all.add(inFrame);
            }
            return all;
        }
    }

    /** The frame scaled by {@code scale} (bilinear) into the top-left of a zero (mean-grey) square, NCHW BGR. */
    static float[] letterbox(byte[] pixels, int width, int height, int channels, float scale) {
        int plane = INPUT * INPUT;
        float[] out = new float[3 * plane];
        Letterbox.sample(pixels, width, height, channels, scale, INPUT,
                (x, y, c, v) -> out[c * plane + y * INPUT + x] = (v - MEAN_BGR[c]) / STD_BGR[c]);
        return out;
    }

    @Override
    public void close() {
        program.close();
        manager.close();
    }
}
