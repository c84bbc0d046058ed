package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsight calibrate anomaly}: measures an anomaly model's normal baseline (PSNR mean and spread, live alarm
 * gap) on normal footage and writes it into the model folder's model.json, as {@code train anomaly} does at its end.
 * For models trained before a calibration figure existed, or to calibrate on other normal footage of the camera.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = {"Measure an anomaly model on normal footage (no anomalies in it) and write its calibration",
                "(normal PSNR, live alarm gap) into MODEL/model.json; with --objects, fit the object density",
                "into MODEL/objects.json instead."})
final class CalibrateAnomalyCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder to calibrate")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FrameInputs inputs;

    @Option(names = "--batch", defaultValue = "8", description = "frames per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Mixin
    ObjectDensityOptions objectDensity;

    @Override
    public Integer call() throws Exception {
        Path modelDir = CliPaths.resolve(model);
        if (objectDensity.objects) {
            ModelStore.readManifest(modelDir); // a model folder, not any folder
            objectDensity.fitInto(modelDir, inputs, "./sparsight calibrate anomaly --model " + model + " "
                    + String.join(" ", inputs.asArgs()) + " " + String.join(" ", objectDensity.asArgs()));
            return 0;
        }
        NormalBaseline baseline;
        try (AnomalyModel anomaly = AnomalyModel.load(modelDir)) {
            List<FrameSequence> videos = inputs.read(anomaly.width(), anomaly.height());
            System.out.printf(Locale.ROOT, "measuring %s on %d normal video(s), %d frames at %dx%d ...%n",
                    anomaly.manifest().name, videos.size(), videos.stream().mapToInt(FrameSequence::size).sum(),
                    anomaly.width(), anomaly.height());
            baseline = NormalBaseline.measure(anomaly, videos, batch);
        }
        ModelManifest manifest = ModelStore.readManifest(modelDir);
        baseline.writeTo(manifest);
        manifest.calibration.put("command", "./sparsight calibrate anomaly --model " + model + " "
                + String.join(" ", inputs.asArgs()));
        ModelStore.writeManifest(manifest, modelDir);
        System.out.printf(Locale.ROOT, "normal PSNR %.2f dB (std %.2f dB); live alarm gap %.2f dB: a frame that far below"
                        + " the camera's reference scores 0.5. Written to %s%n", baseline.meanPsnr(), baseline.stdPsnr(),
                baseline.alarmGapDb(), modelDir.resolve(ModelStore.MANIFEST));
        return 0;
    }
}
