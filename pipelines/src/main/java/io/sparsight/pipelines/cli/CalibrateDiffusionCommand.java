package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.anomaly.PseudoAnomalies;
import io.sparsight.models.diffusion.DiffusionEvaluation;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.FusionRule;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sparsight calibrate diffusion}: measures a video DiT's normal baseline (PSNR of its predictions, mean and
 * spread, and the live alarm gap) on normal footage and writes it into the model folder's model.json, as
 * {@code train diffusion} does at its end, with the sampler steps its predictions were made with
 * ({@link DiffusionModel#PREDICTION_STEPS}) and how far apart ({@link DiffusionModel#SCORE_STRIDE}), so that the stage and {@code eval diffusion} predict the same way; and
 * chooses its {@link FusionRule} on {@link PseudoAnomalies} made from the same footage (no test label involved).
 */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Measure a diffusion model's predictions on normal footage (no anomalies in it) and write its",
                "calibration (normal PSNR, live alarm gap) into MODEL/model.json; then make pseudo-anomalies of the",
                "same footage (a window of the frame played " + PseudoAnomalies.SPEED + "x faster for a while) and"
                        + " choose on them the anomaly score (whole frame or worst region, of 1 or 4 samples)",
                "and its weight beside the frame predictor's, written there too."})
final class CalibrateDiffusionCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder to calibrate")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FrameInputs inputs;

    @Option(names = "--batch", defaultValue = "8", description = "predictions per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "the sampler's seed, and the pseudo-anomalies'"
            + " (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--prediction-steps", paramLabel = "N", description = "sampler steps of a prediction, recorded in"
            + " model.json for the stage and eval (default: the model's; 1 = its estimate of the mean next frames)")
    Integer predictionSteps;

    @Option(names = "--score-stride", paramLabel = "N", description = "frames between predictions that score a"
            + " camera, 1 to the model's predicted frames; recorded in model.json for the stage and eval (default: the"
            + " model's; 1 = every frame scored by a prediction one frame ahead)")
    Integer scoreStride;

    @Option(names = "--predictor", paramLabel = "DIR", description = "frame predictor the fusion rule is chosen"
            + " beside (default: the bundled " + AnomalyModel.BUNDLED + " model)")
    Path predictor;

    @Override
    public Integer call() throws Exception {
        Path modelDir = CliPaths.resolve(model);
        NormalBaseline baseline;
        int steps;
        int stride;
        List<PseudoAnomalies.Plan> plans = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        Map<Integer, List<AnomalyEvaluation.VideoScores>> pseudoDiffusion = new LinkedHashMap<>();
        try (DiffusionModel diffusion = DiffusionModel.load(modelDir, Devices.chosen())) {
            VideoDitBlock.Hyperparameters hp = diffusion.hyperparameters();
            List<FrameSequence> videos = inputs.read(hp.width(), hp.height());
            System.out.printf(Locale.ROOT, "measuring %s on %d normal video(s), %d frames at %dx%d ...%n",
                    diffusion.manifest().name, videos.size(), videos.stream().mapToInt(FrameSequence::size).sum(),
                    hp.width(), hp.height());
            steps = predictionSteps == null ? diffusion.predictionSteps() : predictionSteps;
            stride = scoreStride == null ? diffusion.scoreStride()
                    : DiffusionModel.checkedStride(scoreStride, hp.targetFrames());
            baseline = DiffusionEvaluation.baseline(diffusion, videos, batch, seed, steps, stride);
            List<PseudoAnomalies.Plan> all = PseudoAnomalies.plans(videos, seed);
            for (int v = 0; v < videos.size(); v++) {
                if (all.get(v).abnormalFrames() > 0) { // a short video has none
                    plans.add(all.get(v));
                    sources.add(v);
                    DiffusionEvaluation.scoreEach(diffusion, all.get(v).apply(videos.get(v)), batch, seed, steps,
                            FusionRule.SAMPLES, stride).forEach((samples, scores) ->
                                    pseudoDiffusion.computeIfAbsent(samples, n -> new ArrayList<>()).add(scores));
                }
            }
        }
        ModelManifest manifest = ModelStore.readManifest(modelDir);
        baseline.writeTo(manifest);
        manifest.hyperparameters.put(DiffusionModel.PREDICTION_STEPS, steps);
        manifest.hyperparameters.put(DiffusionModel.SCORE_STRIDE, stride);
        manifest.calibration.put("command", "./sparsight calibrate diffusion --model " + model + " "
                + String.join(" ", inputs.asArgs()) + " --seed " + seed + " --prediction-steps " + steps
                + " --score-stride " + stride
                + (predictor == null ? "" : " --predictor " + predictor));
        System.out.printf(Locale.ROOT, "normal PSNR %.2f dB (std %.2f dB) with %d-step predictions %d frame(s) apart;"
                + " live alarm gap %.2f dB%n", baseline.meanPsnr(), baseline.stdPsnr(), steps, stride,
                baseline.alarmGapDb());
        if (plans.isEmpty()) {
            System.out.printf(Locale.ROOT, "no fusion rule chosen: every video is too short for pseudo-anomalies (a"
                    + " video needs about %d frames); eval diffusion takes the model's rule, else %s%n",
                    PseudoAnomalies.shortestVideo(), FusionRule.UNCHOSEN);
        } else {
            System.out.printf(Locale.ROOT, "pseudo-anomalies: %d videos, %d of %d frames with a window played %dx"
                    + " faster%n", plans.size(), plans.stream().mapToInt(PseudoAnomalies.Plan::abnormalFrames).sum(),
                    plans.stream().mapToInt(PseudoAnomalies.Plan::size).sum(), PseudoAnomalies.SPEED);
            chooseFusion(manifest, plans, sources, pseudoDiffusion);
        }
        ModelStore.writeManifest(manifest, modelDir);
        System.out.println("Written to " + modelDir.resolve(ModelStore.MANIFEST));
        return 0;
    }

    /**
     * Chooses the fusion rule on the pseudo-anomalies ({@code plans.get(i)} made of input video {@code
     * sources.get(i)}, scored by the diffusion model with n samples a prediction as {@code
     * pseudoDiffusion.get(n).get(i)}) and records it.
     */
    private void chooseFusion(ModelManifest manifest, List<PseudoAnomalies.Plan> plans, List<Integer> sources,
            Map<Integer, List<AnomalyEvaluation.VideoScores>> pseudoDiffusion) throws Exception {
        List<AnomalyEvaluation.VideoScores> pseudoPredictor = new ArrayList<>();
        try (AnomalyModel anomaly = predictor == null ? AnomalyModel.bundled()
                : AnomalyModel.load(CliPaths.resolve(predictor))) {
            List<FrameSequence> videos = inputs.read(anomaly.width(), anomaly.height());
            for (int i = 0; i < plans.size(); i++) {
                pseudoPredictor.add(AnomalyEvaluation.score(anomaly, plans.get(i).apply(videos.get(sources.get(i))),
                        batch));
            }
        }
        List<boolean[]> labels = plans.stream().map(PseudoAnomalies.Plan::abnormal).toList();
        FusionRule.Choice choice = FusionRule.choose(pseudoDiffusion, pseudoPredictor, labels);
        Map<String, Object> how = new LinkedHashMap<>();
        how.put("chosenOn", "pseudo-anomalies of the calibration footage: " + PseudoAnomalies.describe());
        how.put("predictor", predictor == null ? "bundled:" + AnomalyModel.BUNDLED : predictor.toString());
        how.put("pseudoMicroAuc", Math.round(Collections.max(choice.aloneAuc().values()) * 100) / 100.0);
        how.put("spreadFloor", DiffusionEvaluation.SPREAD_FLOOR);
        how.put("pseudoFusedMicroAuc", Math.round(choice.fusedAucByWeight().get(choice.rule().weight()) * 100) / 100.0);
        how.put("pseudoPredictorMicroAuc", Math.round(choice.fusedAucByWeight().get(0.0) * 100) / 100.0);
        choice.rule().writeTo(manifest, how);
        choice.aloneAuc().forEach((score, auc) -> System.out.printf(Locale.ROOT,
                "pseudo-anomaly micro AUC, %s alone: %.2f%n", score, auc));
        choice.fusedAucByWeight().forEach((weight, auc) -> System.out.printf(Locale.ROOT,
                "pseudo-anomaly micro AUC, fused with weight %.1f: %.2f%n", weight, auc));
        System.out.printf(Locale.ROOT, "fusion rule: %s%n", choice.rule());
    }
}
