package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.eval.ObjectDensityFit;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --objects}, {@code --objects-size}, {@code --fps} of {@code train anomaly} and {@code calibrate anomaly}:
 * fitting the camera's object density ({@link ObjectDensity}, kept as {@code objects.json} in the model folder) on
 * its normal footage with the bundled detector and the object stage's tracker.
 */
final class ObjectDensityOptions {

    @Option(names = "--objects", description = {"fit the object density of the footage's tracked objects (the bundled",
            "COCO detector and tracker) into MODEL/objects.json: on cameras with objects settings the anomaly stage",
            "then fuses it with the frame predictor's score and names the most unusual object"})
    boolean objects;

    @Option(names = "--objects-size", defaultValue = "360x240", paramLabel = "WxH",
            description = "frame size the objects are detected at: the camera's size (default: ${DEFAULT-VALUE})")
    String objectsSize;

    @Option(names = "--fps", defaultValue = "10", description = "frame rate of the footage, for speeds"
            + " (default: ${DEFAULT-VALUE})")
    double fps;

    /** Fits the density on {@code inputs} and writes it into {@code modelDir}. */
    void fitInto(Path modelDir, FrameInputs inputs, String command) throws IOException {
        int[] size = ConfigLoader.parseSize(objectsSize);
        List<FrameSequence> videos = inputs.read(size[0], size[1]);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "fitting the object density: detecting and tracking %d video(s) at %dx%d ...%n",
                videos.size(), size[0], size[1]);
        ObjectDensityFit.Fitted fitted;
        try (DetectionModel detector = DetectionModel.bundled()) {
            fitted = ObjectDensityFit.fit(detector, videos, fps);
        }
        fitted.density().write(modelDir, Map.of("footage", String.join(" ", inputs.asArgs()), "frames",
                fitted.frames(), "objects", fitted.objects(), "size", objectsSize, "fps", fps, "command", command,
                "seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0));
        System.out.printf(Locale.ROOT, "object density: %d tracked objects in %d frames, by class %s; alarm score %.2f"
                + " (normal frames' 99.9th percentile). Written to %s%n", fitted.objects(), fitted.frames(),
                fitted.density().counts(), fitted.density().alarmScore(), modelDir.resolve(ObjectDensity.FILE));
    }

    /** The options as given, for a model's record of its command. */
    List<String> asArgs() {
        return objects ? List.of("--objects", "--objects-size", objectsSize, "--fps", Double.toString(fps)) : List.of();
    }
}
