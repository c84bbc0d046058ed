package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.anomaly.PseudoAnomalies;
import io.sparsight.models.anomaly.WeightedFusion;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.eval.ObjectDensityFit;
import io.sparsight.pipelines.eval.ObjectObservations;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --objects}, {@code --objects-weight}, {@code --objects-size}, {@code --fps} of {@code train anomaly} and
 * {@code calibrate anomaly}: fitting the camera's object density ({@link ObjectDensity}, kept as {@code objects.json}
 * in the model folder) on its normal footage with the bundled detector and the object stage's tracker, and choosing
 * its weight beside the frame predictor's on pseudo-anomalies of the same footage.
 */
final class ObjectDensityOptions {

    @Option(names = "--objects", description = {"fit the object density of the footage's tracked objects (the bundled",
            "COCO detector and tracker) into MODEL/objects.json: on cameras with objects settings the anomaly stage",
            "then fuses it with the frame predictor's score and names the most unusual object"})
    boolean objects;

    @Option(names = "--objects-weight", description = {"choose the objects' weight beside the frame predictor's on",
            "pseudo-anomalies of the footage (a window played " + PseudoAnomalies.SPEED + "x faster) and write it into"
                    + " MODEL/objects.json",
            "(which must exist); --objects does this after fitting"})
    boolean objectsWeight;

    @Option(names = "--objects-size", defaultValue = "360x240", paramLabel = "WxH",
            description = "frame size the objects are detected at: the camera's size (default: ${DEFAULT-VALUE})")
    String objectsSize;

    @Option(names = "--fps", defaultValue = "10", description = "frame rate of the footage, for speeds"
            + " (default: ${DEFAULT-VALUE})")
    double fps;

    /** Fits the density on {@code inputs} and writes it into {@code modelDir}. */
    void fitInto(Path modelDir, FrameInputs inputs, String command) throws IOException, ModelArtifactException {
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
        chooseWeightInto(modelDir, inputs, command);
    }

    /**
     * Chooses the objects' fusion weight ({@link ObjectDensity#fusionWeight}) on {@link PseudoAnomalies} made from
     * {@code inputs}: the frame predictor in {@code modelDir} and its object density score them, and the weight whose
     * fused score separates them best is written into its objects.json. Footage too short for pseudo-anomalies
     * leaves the weight as it was.
     */
    void chooseWeightInto(Path modelDir, FrameInputs inputs, String command) throws IOException,
            ModelArtifactException {
        int[] size = ConfigLoader.parseSize(objectsSize);
        List<FrameSequence> atObjectSize = inputs.read(size[0], size[1]);
        List<PseudoAnomalies.Plan> plans = PseudoAnomalies.plans(atObjectSize, PSEUDO_SEED);
        if (plans.stream().allMatch(plan -> plan.abnormalFrames() == 0)) {
            System.out.printf(Locale.ROOT, "objects' fusion weight not chosen: every video is too short for"
                    + " pseudo-anomalies (a video needs about %d frames)%n", PseudoAnomalies.shortestVideo());
            return;
        }
        ObjectDensity density = ObjectDensity.of(modelDir.toString()).orElseThrow(() -> new ModelArtifactException(
                "no object density in " + modelDir + " to weigh: fit one with --objects"));
        List<double[]> objectScores = new ArrayList<>();
        List<double[]> modelScores = new ArrayList<>();
        List<boolean[]> labels = new ArrayList<>();
        long start = System.nanoTime();
        try (AnomalyModel anomaly = AnomalyModel.load(modelDir); DetectionModel detector = DetectionModel.bundled()) {
            List<FrameSequence> atModelSize = inputs.read(anomaly.width(), anomaly.height());
            System.out.printf(Locale.ROOT, "choosing the objects' weight on pseudo-anomalies (%s): detecting and"
                    + " tracking them ...%n", PseudoAnomalies.describe());
            for (int v = 0; v < plans.size(); v++) {
                PseudoAnomalies.Plan plan = plans.get(v);
                if (plan.abnormalFrames() == 0) {
                    continue;
                }
                modelScores.add(AnomalyEvaluation.score(anomaly, plan.apply(atModelSize.get(v)), 8).scores());
                List<List<ObjectObservation>> perFrame = ObjectObservations.of(detector,
                        plan.apply(atObjectSize.get(v)), fps);
                double[] raw = new double[perFrame.size()];
                for (int f = 0; f < raw.length; f++) {
                    raw[f] = density.frameScore(perFrame.get(f));
                }
                objectScores.add(AnomalyEvaluation.normalisedScores(raw));
                labels.add(plan.abnormal());
            }
        }
        WeightedFusion.Choice choice = WeightedFusion.choose(objectScores, modelScores, labels);
        choice.aucByWeight().forEach((weight, auc) -> System.out.printf(Locale.ROOT,
                "pseudo-anomaly micro AUC, objects weighing %.1f: %.2f%n", weight, auc));
        Map<String, Object> how = new TreeMap<>();
        how.put("chosenOn", "pseudo-anomalies of the footage: " + PseudoAnomalies.describe());
        how.put("videos", labels.size());
        how.put("seed", PSEUDO_SEED);
        how.put("pseudoFusedMicroAuc", Math.round(choice.auc() * 100) / 100.0);
        how.put("pseudoPredictorMicroAuc", Math.round(choice.aucByWeight().get(0.0) * 100) / 100.0);
        how.put("pseudoObjectMicroAuc", Math.round(choice.aucByWeight().get(1.0) * 100) / 100.0);
        how.put("command", command);
        how.put("seconds", Math.round((System.nanoTime() - start) / 1e8) / 10.0);
        ObjectDensity.writeFusionWeight(modelDir, choice.weight(), how);
        System.out.printf(Locale.ROOT, "objects' fusion weight %.1f (fused micro AUC %.2f on the pseudo-anomalies)."
                + " Written to %s%n", choice.weight(), choice.auc(), modelDir.resolve(ObjectDensity.FILE));
    }

    /** The pseudo-anomalies' seed: fixed, so that the same footage gives the same choice. */
    static final long PSEUDO_SEED = 42;

    /** The options as given, for a model's record of its command. */
    List<String> asArgs() {
        if (!objects && !objectsWeight) {
            return List.of();
        }
        return List.of(objects ? "--objects" : "--objects-weight", "--objects-size", objectsSize, "--fps",
                Double.toString(fps));
    }
}
