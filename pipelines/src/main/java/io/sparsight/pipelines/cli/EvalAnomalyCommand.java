package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameLabels;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.pipelines.data.GreyFrames;
import io.sparsight.pipelines.eval.LiveAnomalyReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code sparsight eval anomaly}: frame-level AUC of an anomaly model on a labelled test set in the UCSD layout.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true,
        description = {"Score every test frame with an anomaly model and report frame-level ROC AUC against",
                "ROOT/testing/labels.csv. Test videos: ROOT/testing/frames/<video>/NNN.jpg or ROOT/testing/videos/<video>.<ext>."})
final class EvalAnomalyCommand implements Callable<Integer> {

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "dataset folder holding testing/")
    Path root;

    @Option(names = "--model", paramLabel = "DIR", description = "model folder (default: the bundled "
            + AnomalyModel.BUNDLED + " model)")
    Path model;

    @Option(names = "--batch", defaultValue = "1",
            description = "frames per model call; 1 is one live camera (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--record", description = "write the scores into the model folder's model.json (needs --model)")
    boolean record;

    @Option(names = "--live", description = {"also replay the PSNRs through what a running camera gets (the stage's",
            "live scorer and span thresholds, each video a new camera) and report its AUC, flagged frames and events"})
    boolean live;

    @Option(names = "--fps", defaultValue = "10", description = "frame rate of the test videos, for --live's span"
            + " timing (default: ${DEFAULT-VALUE}, UCSD Ped2)")
    double videoFps;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path dataset = CliPaths.resolve(root);
        Path labelsFile = dataset.resolve("testing").resolve("labels.csv");
        if (!Files.isRegularFile(labelsFile)) {
            System.err.println("No labels at " + labelsFile + ": --root must hold testing/labels.csv.");
            return 2;
        }
        if (record && model == null) {
            System.err.println("--record writes into a model folder: give it with --model DIR.");
            return 2;
        }
        Map<String, boolean[]> labels = FrameLabels.read(labelsFile);
        try (AnomalyModel anomaly = model == null ? AnomalyModel.bundled() : AnomalyModel.load(CliPaths.resolve(model))) {
            List<FrameSequence> videos = readTestVideos(dataset.resolve("testing"), anomaly.width(), anomaly.height());
            System.out.printf(Locale.ROOT, "model %s (%s), %d test videos at %dx%d, batch %d%n",
                    anomaly.manifest().name, model == null ? "bundled" : CliPaths.resolve(model), videos.size(),
                    anomaly.width(), anomaly.height(), batch);
            System.out.printf(Locale.ROOT, "scoring: PSNR of each predicted frame; min-max normalised per video,"
                    + " Gaussian smoothing sigma %.0f frames; the first %d frames of a video (no full context) take the"
                    + " score of frame %d%n", AnomalyEvaluation.SMOOTHING_SIGMA, anomaly.context(), anomaly.context() + 1);

            float[][] blank = new float[anomaly.context()][anomaly.width() * anomaly.height()];
            List<float[][]> warmUp = List.<float[][]>of(blank);
            anomaly.score(warmUp, List.of(blank[0])); // warm-up, not timed
            List<AnomalyEvaluation.VideoScores> scored = new ArrayList<>();
            long start = System.nanoTime();
            int predicted = 0;
            for (FrameSequence video : videos) {
                scored.add(AnomalyEvaluation.score(anomaly, video, batch));
                predicted += video.size() - anomaly.context();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double fps = predicted / seconds;
            AnomalyEvaluation.Summary s = AnomalyEvaluation.summarise(scored, labels);

            System.out.printf(Locale.ROOT, "frame-level micro AUC %.2f  macro AUC %.2f (%d of %d videos have both classes)%n",
                    s.microAuc(), s.macroAuc(), s.macroVideos(), s.videos());
            System.out.printf(Locale.ROOT, "PSNR of the worst %dx%d region instead: micro AUC %.2f  macro AUC %.2f%n",
                    AnomalyModel.REGION, AnomalyModel.REGION, s.regionMicroAuc(), s.regionMacroAuc());
            System.out.printf(Locale.ROOT, "%d frames scored (%d predicted) in %.1f s: %.1f frames/s%n",
                    s.frames(), predicted, seconds, fps);
            LiveFigures liveFigures = live ? liveReplay(scored, labels, NormalBaseline.of(anomaly.manifest())) : null;
            if (record) {
                recordScores(CliPaths.resolve(model), dataset, s, fps, liveFigures);
            }
            if (json) {
                JsonLine line = new JsonLine().put("micro_auc", s.microAuc(), 2).put("macro_auc", s.macroAuc(), 2)
                        .put("frames", s.frames()).put("fps", fps, 1)
                        .put("region_psnr_micro_auc", s.regionMicroAuc(), 2)
                        .put("region_psnr_macro_auc", s.regionMacroAuc(), 2).put("videos", s.videos())
                        .put("batch", batch).put("model", anomaly.manifest().name);
                if (liveFigures != null) {
                    line.putAll("live_", liveJson(liveFigures.perVideo()))
                            .putAll("live_one_camera_", liveJson(liveFigures.oneCamera()));
                }
                System.out.println(line);
            }
        }
        return 0;
    }

    /** The live replay's figures: each video as a new camera, and all of them back to back as one camera. */
    private record LiveFigures(LiveAnomalyReplay.Result perVideo, LiveAnomalyReplay.Result oneCamera) {}

    /** Replays the videos live (both ways) and prints the figures. */
    private LiveFigures liveReplay(List<AnomalyEvaluation.VideoScores> scored, Map<String, boolean[]> labels,
            NormalBaseline baseline) {
        LiveScorer scorer = LiveScorer.defaults();
        SpanTracker tracker = AnomalyConfig.defaults().tracker();
        LiveAnomalyReplay.Result perVideo = LiveAnomalyReplay.replay(scored, labels, scorer, baseline, tracker, videoFps);
        LiveAnomalyReplay.Result oneCamera =
                LiveAnomalyReplay.replayAsOneCamera(scored, labels, scorer, baseline, tracker, videoFps);
        printLive("each video a new camera", perVideo);
        printLive("the videos back to back as one camera", oneCamera);
        return new LiveFigures(perVideo, oneCamera);
    }

    private void printLive(String protocol, LiveAnomalyReplay.Result r) {
        System.out.printf(Locale.ROOT, "live (stage defaults, %s, %.0f fps): micro AUC %.2f; %d of %d frames flagged,"
                        + " %d of them abnormal (precision %.1f%%, recall %.1f%% of %d abnormal frames); %d spans, %d on no"
                        + " abnormal frame; %d of %d anomalous events found%n",
                protocol, videoFps, r.liveMicroAuc(), r.flaggedFrames(), r.frames(), r.flaggedAbnormal(),
                100 * r.precision(), 100 * r.recall(), r.abnormalFrames(), r.spans(), r.falseSpans(), r.eventsFound(),
                r.events());
    }

    /** The live figures for the JSON line; null where undefined (no frame flagged, one class only). */
    private static JsonLine liveJson(LiveAnomalyReplay.Result r) {
        return new JsonLine().put("micro_auc", r.liveMicroAuc(), 2).put("flagged", r.flaggedFrames())
                .put("precision", 100 * r.precision(), 2).put("recall", 100 * r.recall(), 2).put("spans", r.spans())
                .put("false_spans", r.falseSpans()).put("events", r.events()).put("events_found", r.eventsFound());
    }

    static List<FrameSequence> readTestVideos(Path testing, int width, int height) throws IOException {
        Path frames = testing.resolve("frames");
        if (Files.isDirectory(frames)) {
            return GreyFrames.readFolders(frames, width, height);
        }
        Path videosDir = testing.resolve("videos");
        if (!Files.isDirectory(videosDir)) {
            throw new IOException(testing + " has neither frames/ nor videos/");
        }
        List<FrameSequence> videos = new ArrayList<>();
        try (Stream<Path> files = Files.list(videosDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                videos.add(GreyFrames.readVideo(file, width, height));
            }
        }
        return videos;
    }

    private static void recordScores(Path modelDir, Path dataset, AnomalyEvaluation.Summary s, double fps,
            LiveFigures live) throws IOException, ModelArtifactException {
        ModelManifest manifest = ModelStore.readManifest(modelDir);
        manifest.scores.clear();
        manifest.scores.put("dataset", dataset.getFileName() + "/testing");
        manifest.scores.put("micro_auc", Math.round(s.microAuc() * 100) / 100.0);
        manifest.scores.put("macro_auc", Math.round(s.macroAuc() * 100) / 100.0);
        manifest.scores.put("region_psnr_micro_auc", Math.round(s.regionMicroAuc() * 100) / 100.0);
        manifest.scores.put("frames", s.frames());
        manifest.scores.put("fps_batch1_2cores", Math.round(fps * 10) / 10.0);
        if (live != null) {
            recordLive(manifest, "live", live.perVideo());
            recordLive(manifest, "live_one_camera", live.oneCamera());
        }
        ModelStore.writeManifest(manifest, modelDir);
        System.out.println("scores recorded in " + modelDir.resolve(ModelStore.MANIFEST));
    }

    private static void recordLive(ModelManifest manifest, String prefix, LiveAnomalyReplay.Result r) {
        manifest.scores.put(prefix + "_micro_auc", Math.round(r.liveMicroAuc() * 100) / 100.0);
        manifest.scores.put(prefix + "_recall", Math.round(r.recall() * 10000) / 100.0);
        manifest.scores.put(prefix + "_false_spans", r.falseSpans());
        manifest.scores.put(prefix + "_events_found", r.eventsFound() + " of " + r.events());
    }
}
