package io.sparsight.pipelines.cli;

import ai.djl.Model;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.diffusion.DiffusionEvaluation;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.DiffusionTrainer;
import io.sparsight.models.diffusion.FlowSampler;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.models.runtime.TrainingCheckpoint;
import io.sparsight.pipelines.config.ConfigLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight train diffusion}: trains the video DiT to predict a camera's next frames from normal footage. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Train the video diffusion transformer (dense attention) on normal footage to predict the next",
                "frames from the last ones (flow matching). Checkpoints after every epoch into OUT/work; run the same",
                "command again to resume. Search its sparse attention plan afterwards."})
final class TrainDiffusionCommand implements Callable<Integer> {

    /** The shape trained unless told otherwise: 960 tokens, so attention is most of a step. */
    static final VideoDitBlock.Hyperparameters DEFAULT_ARCHITECTURE =
            new VideoDitBlock.Hyperparameters(96, 64, 8, 8, 2, 64, 4, 4);
    static final int DEFAULT_EPOCHS = 3;
    static final int DEFAULT_SAMPLER_STEPS = 4;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FrameInputs inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--work", paramLabel = "DIR",
            description = "checkpoint folder, kept until training ends, for resuming (default: OUT/work)")
    Path work;

    @Option(names = "--name", defaultValue = "diffusion", description = "model name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--epochs", description = "passes over the data (default: " + DEFAULT_EPOCHS + ")")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--size", description = "analysis size WIDTHxHEIGHT, multiples of the patch (default: 96x64)")
    String size;

    @Option(names = "--patch", description = "patch side in pixels (default: 8)")
    Integer patch;

    @Option(names = "--past", description = "past frames the prediction is conditioned on (default: 8)")
    Integer past;

    @Option(names = "--predict", description = "frames predicted at once (default: 2)")
    Integer predict;

    @Option(names = "--batch", defaultValue = "8", description = "samples per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Adam's peak rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--deterministic", description = "one libtorch thread: the same seed and data give the same weights")
    boolean deterministic;

    @Option(names = "--residual-scale", defaultValue = "0", paramLabel = "S",
            description = "0: the flow runs on the frames; S > 0: on their difference from the last frame before"
                    + " them, divided by S (default: ${DEFAULT-VALUE})")
    float residualScale;

    @Option(names = "--network-output", defaultValue = "velocity", paramLabel = "velocity|targets",
            description = "what the network learns to output: the flow's velocity, or the target frames themselves"
                    + " (x-prediction) (default: ${DEFAULT-VALUE})")
    String networkOutput;

    @Override
    public Integer call() throws Exception {
        if (deterministic) {
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        VideoDitBlock.Hyperparameters hp;
        try {
            hp = architecture();
        } catch (IllegalArgumentException e) {
            System.err.println("Not a model shape: " + e.getMessage());
            return 2;
        }
        FlowSampler.NetworkOutput output;
        try {
            output = FlowSampler.NetworkOutput.of(networkOutput);
        } catch (IllegalArgumentException e) {
            System.err.println("--network-output: " + e.getMessage());
            return 2;
        }
        DiffusionTrainer.Settings settings = new DiffusionTrainer.Settings(hp,
                epochs != null ? epochs : DEFAULT_EPOCHS, seed, batch, learningRate, residualScale, output);
        long start = System.nanoTime();
        List<FrameSequence> videos = inputs.read(hp.width(), hp.height());
        int frameCount = videos.stream().mapToInt(FrameSequence::size).sum();
        System.out.printf(Locale.ROOT, "training on %d video(s), %d frames at %dx%d: %d past -> %d predicted frames,"
                        + " %d tokens, %d layers of %d heads; %d epoch(s), seed %d%n", videos.size(), frameCount,
                hp.width(), hp.height(), hp.conditionFrames(), hp.targetFrames(), hp.tokens(), hp.layers(), hp.heads(),
                settings.epochs(), seed);
        Path outDir = CliPaths.resolve(out);
        Path workDir = work != null ? CliPaths.resolve(work) : outDir.resolve("work");
        ModelManifest manifest = DiffusionModel.manifestFor(name, settings, DEFAULT_SAMPLER_STEPS);
        try (Model model = new DiffusionTrainer(settings).train(videos, workDir, new ConsoleTrainingProgress())) {
            manifest.training.data = (inputs.frames != null ? "frames " + inputs.frames : "videos " + inputs.videos);
            manifest.training.seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
            manifest.training.date = Instant.now().toString();
            manifest.training.command = "./sparsight train diffusion " + String.join(" ", commandArgs(settings));
            System.out.println("measuring the normal baseline on the training footage ...");
            DiffusionEvaluation.baseline(DiffusionModel.of(model, manifest), videos, batch, seed).writeTo(manifest);
            ModelStore.save(model, manifest, outDir);
        }
        TrainingCheckpoint.delete(workDir);
        System.out.printf(Locale.ROOT, "model written to %s (%.0f s)%n", outDir, manifest.training.seconds);
        return 0;
    }

    private VideoDitBlock.Hyperparameters architecture() {
        VideoDitBlock.Hyperparameters d = DEFAULT_ARCHITECTURE;
        int[] wh = size != null ? ConfigLoader.parseSize(size) : new int[] {d.width(), d.height()};
        return new VideoDitBlock.Hyperparameters(wh[0], wh[1], patch != null ? patch : d.patch(),
                past != null ? past : d.conditionFrames(), predict != null ? predict : d.targetFrames(), d.dim(),
                d.heads(), d.layers());
    }

    private List<String> commandArgs(DiffusionTrainer.Settings settings) {
        VideoDitBlock.Hyperparameters hp = settings.architecture();
        List<String> args = new ArrayList<>(inputs.asArgs());
        args.addAll(List.of("--out", out.toString(), "--name", name, "--epochs", Integer.toString(settings.epochs()),
                "--seed", Long.toString(seed), "--size", hp.width() + "x" + hp.height(), "--patch",
                Integer.toString(hp.patch()), "--past", Integer.toString(hp.conditionFrames()), "--predict",
                Integer.toString(hp.targetFrames()), "--batch", Integer.toString(batch), "--learning-rate",
                Float.toString(learningRate)));
        if (deterministic) {
            args.add("--deterministic");
        }
        if (settings.residualScale() > 0) {
            args.addAll(List.of("--residual-scale", Float.toString(settings.residualScale())));
        }
        if (settings.networkOutput() != FlowSampler.NetworkOutput.VELOCITY) {
            args.addAll(List.of("--network-output", settings.networkOutput().key()));
        }
        return args;
    }
}
