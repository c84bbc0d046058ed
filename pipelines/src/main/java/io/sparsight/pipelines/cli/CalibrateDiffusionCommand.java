package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.diffusion.DiffusionEvaluation;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsight calibrate diffusion}: measures a video DiT's normal baseline (PSNR of its predictions, mean and
 * spread, and the live alarm gap) on normal footage and writes it into the model folder's model.json, as
 * {@code train diffusion} does at its end, with the sampler steps its predictions were made with
 * ({@link DiffusionModel#PREDICTION_STEPS}), so that the stage and {@code eval diffusion} predict the same way.
 */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Measure a diffusion model's predictions on normal footage (no anomalies in it) and write its",
                "calibration (normal PSNR, live alarm gap) into MODEL/model.json."})
final class CalibrateDiffusionCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder to calibrate")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FrameInputs inputs;

    @Option(names = "--batch", defaultValue = "8", description = "predictions per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "the sampler's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--prediction-steps", paramLabel = "N", description = "sampler steps of a prediction, recorded in"
            + " model.json for the stage and eval (default: the model's; 1 = its estimate of the mean next frames)")
    Integer predictionSteps;

    @Override
    public Integer call() throws Exception {
        Path modelDir = CliPaths.resolve(model);
        NormalBaseline baseline;
        int steps;
        try (DiffusionModel diffusion = DiffusionModel.load(modelDir, Devices.chosen())) {
            VideoDitBlock.Hyperparameters hp = diffusion.hyperparameters();
            List<FrameSequence> videos = inputs.read(hp.width(), hp.height());
            System.out.printf(Locale.ROOT, "measuring %s on %d normal video(s), %d frames at %dx%d ...%n",
                    diffusion.manifest().name, videos.size(), videos.stream().mapToInt(FrameSequence::size).sum(),
                    hp.width(), hp.height());
            steps = predictionSteps == null ? diffusion.predictionSteps() : predictionSteps;
            baseline = DiffusionEvaluation.baseline(diffusion, videos, batch, seed, steps);
        }
        ModelManifest manifest = ModelStore.readManifest(modelDir);
        baseline.writeTo(manifest);
        manifest.hyperparameters.put(DiffusionModel.PREDICTION_STEPS, steps);
        manifest.calibration.put("command", "./sparsight calibrate diffusion --model " + model + " "
                + String.join(" ", inputs.asArgs()) + " --seed " + seed + " --prediction-steps " + steps);
        ModelStore.writeManifest(manifest, modelDir);
        System.out.printf(Locale.ROOT, "normal PSNR %.2f dB (std %.2f dB) with %d-step predictions; live alarm gap %.2f"
                + " dB. Written to %s%n", baseline.meanPsnr(), baseline.stdPsnr(), steps, baseline.alarmGapDb(),
                modelDir.resolve(ModelStore.MANIFEST));
        return 0;
    }
}
