package io.sparsight.pipelines.cli;

import ai.djl.Model;
import io.sparsight.models.runtime.TrainingCheckpoint;
import io.sparsight.models.runtime.TrainingListener;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.AnomalyTrainer;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.anomaly.TrainingSettings;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.pipelines.config.ConfigLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsight train anomaly}: trains the anomaly frame predictor on a camera's normal footage.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = {"Train the anomaly frame predictor on normal footage only (no anomalies in it).",
                "Checkpoints after every epoch into OUT/work; run the same command again to resume."})
final class TrainAnomalyCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    FrameInputs inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--work", paramLabel = "DIR",
            description = "checkpoint folder, kept until training ends, for resuming (default: OUT/work)")
    Path work;

    @Option(names = "--name", defaultValue = "anomaly", description = "model name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--epochs", description = "passes over the data (default: 8)")
    Integer epochs;

    @Option(names = "--seed", description = "random seed; the same seed and data give the same model (default: 42)")
    Long seed;

    @Option(names = "--size", description = "analysis size WIDTHxHEIGHT, both divisible by 4 (default: 180x120)")
    String size;

    @Option(names = "--deterministic", description = {"one libtorch thread: the same seed and data give bit-identical",
            "weights (about half as fast on 2 cores); with more threads runs differ in the last digits"})
    boolean deterministic;

    @Mixin
    ObjectDensityOptions objectDensity;

    @Override
    public Integer call() throws Exception {
        if (deterministic) {
            // before anything loads the engine: the thread count is fixed when libtorch starts
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        TrainingSettings settings = TrainingSettings.defaults();
        if (epochs != null) {
            settings = settings.withEpochs(epochs);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        if (size != null) {
            int[] wh = ConfigLoader.parseSize(size);
            if (wh[0] % 4 != 0 || wh[1] % 4 != 0) {
                System.err.println("--size " + size + ": width and height must be divisible by 4.");
                return 2;
            }
            settings = settings.withSize(wh[0], wh[1]);
        }
        long start = System.nanoTime();
        List<FrameSequence> videos = inputs.read(settings.width(), settings.height());
        int frameCount = videos.stream().mapToInt(FrameSequence::size).sum();
        System.out.printf(Locale.ROOT, "training on %d video(s), %d frames at %dx%d, %d epoch(s), seed %d%n",
                videos.size(), frameCount, settings.width(), settings.height(), settings.epochs(), settings.seed());

        Path outDir = CliPaths.resolve(out);
        ModelManifest manifest = AnomalyModel.manifestFor(name, settings);
        Path workDir = work != null ? CliPaths.resolve(work) : outDir.resolve("work");
        try (Model model = new AnomalyTrainer(settings).train(videos, workDir, new ConsoleTrainingProgress())) {
            System.out.println("measuring the PSNR of normal frames (the training frames) for live scoring ...");
            NormalBaseline baseline = NormalBaseline.measure(AnomalyModel.of(model, manifest), videos, settings.batchSize());
            baseline.writeTo(manifest);
            System.out.printf(Locale.ROOT, "normal PSNR %.2f dB, std %.2f dB, live alarm gap %.2f dB%n",
                    baseline.meanPsnr(), baseline.stdPsnr(), baseline.alarmGapDb());
            manifest.training.data = describeData();
            manifest.training.seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
            manifest.training.date = Instant.now().toString();
            manifest.training.command = "./sparsight train anomaly " + String.join(" ", commandArgs(settings));
            ModelStore.save(model, manifest, outDir);
        }
        TrainingCheckpoint.delete(workDir);
        if (objectDensity.objects) {
            objectDensity.fitInto(outDir, inputs, manifest.training.command);
        }
        System.out.printf(Locale.ROOT, "model written to %s (%.0f s). Evaluate it with: ./sparsight eval anomaly --root DIR --model %s%n",
                outDir, manifest.training.seconds, outDir);
        return 0;
    }

    private String describeData() {
        List<Path> paths = inputs.frames != null ? inputs.frames : inputs.videos;
        return (inputs.frames != null ? "frames " : "videos ") + paths;
    }

    private List<String> commandArgs(TrainingSettings settings) {
        List<String> args = new ArrayList<>(inputs.asArgs());
        args.addAll(List.of("--out", out.toString(), "--name", name, "--epochs", Integer.toString(settings.epochs()),
                "--seed", Long.toString(settings.seed()), "--size", settings.width() + "x" + settings.height()));
        if (deterministic) {
            args.add("--deterministic");
        }
        args.addAll(objectDensity.asArgs());
        return args;
    }

}
