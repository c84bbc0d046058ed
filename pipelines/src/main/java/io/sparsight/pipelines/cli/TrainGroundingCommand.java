package io.sparsight.pipelines.cli;

import ai.djl.Model;
import io.sparsight.models.data.VideoClip;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.grounding.GroundingBlock;
import io.sparsight.models.grounding.GroundingEvaluation;
import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.grounding.GroundingNetwork;
import io.sparsight.models.grounding.GroundingTrainer;
import io.sparsight.models.grounding.GroundingTrainingSettings;
import io.sparsight.models.grounding.PixelGrounding;
import io.sparsight.models.grounding.TrackGrounding;
import io.sparsight.models.grounding.TrackGroundingBlock;
import io.sparsight.models.grounding.TrackGroundingModel;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.models.runtime.TrainingCheckpoint;
import io.sparsight.models.text.SentenceEncoder;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.pipelines.data.GroundingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code sparsight train grounding}: trains the temporal grounding model on a dataset of videos and sentences with
 * their moments; evaluates it on the test split(s) at the end and records the scores in model.json.
 */
@Command(name = "grounding", mixinStandardHelpOptions = true,
        description = {"Train the temporal grounding model (sparse frames + visual and text prompts, after TVP).",
                "Layouts: synthetic = DIR/<split>/annotations.txt + DIR/<split>/videos/<id>.mp4 (sparsight synth grounding);",
                "charades-sta = DIR/charades_sta_<split>.txt + DIR/videos/<id>.mp4;",
                "activitynet = DIR/<split>.json + DIR/videos/<id>.mp4.",
                "--kind tracks reads tracks/<id>.json where these have videos/<id>.mp4.",
                "Checkpoints after every epoch into OUT/work; run the same command again to resume."})
final class TrainGroundingCommand implements Callable<Integer> {

    @Mixin
    GroundingDatasetOptions dataset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--work", paramLabel = "DIR",
            description = "checkpoint folder, kept until training ends, for resuming (default: OUT/work)")
    Path work;

    @Option(names = "--name", defaultValue = "grounding", description = "model name (default: ${DEFAULT-VALUE})")
    String name;

    @Option(names = "--epochs", description = "passes over the training queries (default: 20)")
    Integer epochs;

    @Option(names = "--seed", description = "random seed (default: 42)")
    Long seed;

    @Option(names = "--batch", description = "examples per step (default: 32)")
    Integer batch;

    @Option(names = "--learning-rate", description = "Adam's starting rate (default: 5e-4 for pixels, 1e-3 for tracks)")
    Float learningRate;

    @Option(names = "--kind", defaultValue = "pixels", description = {"pixels (sampled frames; the default) or",
            "tracks (the object stage's tracks: tracks/<id>.json where the layout has videos/<id>.mp4, as",
            "'sparsight synth tracks' writes them)"})
    String kind;

    @Option(names = "--deterministic", description = {"one libtorch thread: the same seed and data give bit-identical",
            "weights; with more threads runs differ in the last digits"})
    boolean deterministic;

    @Override
    public Integer call() throws Exception {
        if (deterministic) {
            System.setProperty("ai.djl.pytorch.num_threads", "1"); // before anything loads the engine
        }
        GroundingData.Format layout = dataset.format;
        GroundingTrainingSettings settings = GroundingTrainingSettings.defaults();
        if (epochs != null) {
            settings = settings.withEpochs(epochs);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        if (batch != null) {
            settings = settings.withBatchSize(batch);
        }
        if (learningRate != null) {
            settings = settings.withLearningRate(learningRate);
        } else if (kind.equals("tracks")) {
            settings = settings.withLearningRate(TRACKS_LEARNING_RATE);
        }
        if (!kind.equals("pixels") && !kind.equals("tracks")) {
            System.err.println("--kind must be pixels or tracks, got '" + kind + "'.");
            return 2;
        }
        long start = System.nanoTime();
        Path dir = CliPaths.resolve(dataset.data);
        Splits splits = Splits.of(layout);
        Path outDir = CliPaths.resolve(out);
        Path workDir = work != null ? CliPaths.resolve(work) : outDir.resolve("work");
        try (SentenceEncoder encoder = new SentenceEncoder(Runtime.getRuntime().availableProcessors())) {
            Map<String, float[]> cache = new HashMap<>();
            Function<String, float[]> sentences = s -> cache.computeIfAbsent(s, encoder::sentence);
            List<String> trainAndValidation = new ArrayList<>(List.of(splits.train()));
            if (splits.validation() != null) {
                trainAndValidation.add(splits.validation());
            }
            Dataset data = load(dir, layout, trainAndValidation, settings, sentences);
            List<GroundingSample> train = data.queries().get(splits.train());
            List<GroundingSample> val = splits.validation() == null ? List.of()
                    : data.queries().get(splits.validation());
            System.out.printf(Locale.ROOT, "training a %s model on %d queries (%s split), %s, %d epoch(s), seed %d;"
                            + " validating on %s%n", kind, train.size(), splits.train(), data.describe(),
                    settings.epochs(), settings.seed(),
                    val.isEmpty() ? "nothing" : val.size() + " " + splits.validation() + " queries");
            ModelManifest manifest = data.manifest(name);
            try (Model model = new GroundingTrainer(settings).train(data.network(), train, val, sentences, workDir,
                    new ConsoleTrainingProgress())) {
                manifest.training.data = layout.label() + " " + dataset.data + " (" + splits.train() + ")";
                manifest.training.epochs = settings.epochs();
                manifest.training.seed = settings.seed();
                manifest.training.seconds = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
                manifest.training.date = Instant.now().toString();
                manifest.training.command = "./sparsight train grounding " + String.join(" ", commandArgs(settings));
                for (String split : splits.tests()) {
                    Dataset test = load(dir, layout, List.of(split), settings, sentences);
                    GroundingEvaluation.Result r = GroundingEvaluation.evaluate(model, test.network(),
                            test.queries().get(split), sentences, 16);
                    System.out.println(EvalGroundingCommand.describe(split, r));
                    EvalGroundingCommand.record(manifest, layout.label() + "_" + split, r);
                }
                ModelStore.save(model, manifest, outDir);
                System.out.printf(Locale.ROOT, "model written to %s (%.0f s). Evaluate it with: ./sparsight eval"
                        + " grounding --data %s --format %s --model %s%n", outDir, manifest.training.seconds,
                        dataset.data, layout.label(), outDir);
            }
        }
        TrainingCheckpoint.delete(workDir);
        return 0;
    }

    /** The track model is smaller and its inputs simpler than the pixel model's: it trains at a higher rate. */
    private static final float TRACKS_LEARNING_RATE = 1e-3f;

    /** Some splits of a dataset: their queries, and one network over all their videos. */
    private interface Dataset {
        Map<String, List<GroundingSample>> queries();

        GroundingNetwork network();

        String describe();

        ModelManifest manifest(String name);
    }

    private Dataset load(Path dir, GroundingData.Format layout, List<String> splits, GroundingTrainingSettings settings,
            Function<String, float[]> sentences) throws java.io.IOException {
        Map<String, List<GroundingSample>> queries = new LinkedHashMap<>();
        if (kind.equals("tracks")) {
            TrackGroundingBlock.Hyperparameters hp = TrackGroundingBlock.Hyperparameters.defaults();
            Map<String, TrackVideo> videos = new HashMap<>();
            for (String split : splits) {
                GroundingData.TrackSplit loaded = GroundingData.loadTracks(dir, layout, split);
                queries.put(split, loaded.queries());
                videos.putAll(loaded.videos());
            }
            GroundingNetwork network = new TrackGrounding(hp, videos, sentences);
            return new LoadedDataset(queries, network, String.format(Locale.ROOT, "%d track videos, %d sample times x"
                    + " %d track slots per window", videos.size(), hp.frames(), hp.slots()),
                    name -> TrackGroundingModel.manifestFor(name, hp));
        }
        GroundingBlock.Hyperparameters hp = settings.architecture();
        Map<String, VideoClip> clips = new HashMap<>();
        for (String split : splits) {
            GroundingData.Split loaded = GroundingData.load(dir, layout, split, hp.width(), hp.height());
            queries.put(split, loaded.queries());
            clips.putAll(loaded.clips());
        }
        return new LoadedDataset(queries, new PixelGrounding(hp, clips), String.format(Locale.ROOT,
                "%d videos, %d frames at %dx%d per window", clips.size(), hp.frames(), hp.width(), hp.height()),
                name -> GroundingModel.manifestFor(name, hp));
    }

    private record LoadedDataset(Map<String, List<GroundingSample>> queries, GroundingNetwork network,
            String describe, Function<String, ModelManifest> manifests) implements Dataset {
        @Override
        public ModelManifest manifest(String name) {
            return manifests.apply(name);
        }
    }

    /** Which splits a layout trains, validates and tests on. */
    record Splits(String train, String validation, List<String> tests) {
        static Splits of(GroundingData.Format format) {
            return switch (format) {
                case SYNTHETIC -> new Splits("train", "val", List.of("test", "paraphrase"));
                case CHARADES_STA -> new Splits("train", null, List.of("test"));
                case ACTIVITYNET -> new Splits("train", "val_1", List.of("val_2"));
            };
        }
    }

    private List<String> commandArgs(GroundingTrainingSettings settings) {
        List<String> args = new ArrayList<>(List.of("--data", dataset.data.toString(), "--format", dataset.format.label(), "--out",
                out.toString(), "--name", name, "--epochs", Integer.toString(settings.epochs()), "--seed",
                Long.toString(settings.seed()), "--batch", Integer.toString(settings.batchSize()), "--kind", kind,
                "--learning-rate", Float.toString(settings.learningRate())));
        if (deterministic) {
            args.add("--deterministic");
        }
        return args;
    }
}
