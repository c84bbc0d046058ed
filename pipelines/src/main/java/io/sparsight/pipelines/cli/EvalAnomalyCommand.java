package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameLabels;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.LiveScorer;
import io.sparsight.models.anomaly.NormalBaseline;
import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.events.SpanTracker;
import io.sparsight.pipelines.data.GreyFrames;
import io.sparsight.pipelines.eval.LiveAnomalyReplay;
import io.sparsight.pipelines.eval.ObjectDensityFit;
import io.sparsight.pipelines.eval.ObjectObservations;
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

    /** The object scores read the frames at UCSD Ped2's own size, at its frame rate. */
    private static final int OBJECT_WIDTH = 360;
    private static final int OBJECT_HEIGHT = 240;
    private static final double PED2_FPS = 10;

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

    @Option(names = "--objects", description = {"also score each frame by its most unusual tracked object (the COCO",
            "detector and tracker; a density of class and speed fitted on ROOT/training/frames) and report it alone",
            "and fused with the model's score (the mean of the two normalised, smoothed scores)"})
    boolean objects;

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
            LiveFigures liveFigures = live ? liveReplay(scored, labels, NormalBaseline.of(anomaly.manifest()), null)
                    : null;
            ObjectAnomalyFigures objectFigures = objects ? objectFigures(dataset, scored, labels) : null;
            LiveFigures fusedLive = live && objects ? liveReplay(scored, labels, NormalBaseline.of(anomaly.manifest()),
                    objectFigures.unitScores()) : null;
            if (record) {
                recordScores(CliPaths.resolve(model), dataset, s, fps, liveFigures);
            }
            if (json) {
                JsonLine line = new JsonLine().put("micro_auc", s.microAuc(), 2).put("macro_auc", s.macroAuc(), 2)
                        .put("frames", s.frames()).put("fps", fps, 1)
                        .put("region_psnr_micro_auc", s.regionMicroAuc(), 2)
                        .put("region_psnr_macro_auc", s.regionMacroAuc(), 2).put("videos", s.videos())
                        .put("batch", batch).put("model", anomaly.manifest().name);
                if (objectFigures != null) {
                    line.put("object_micro_auc", objectFigures.objectMicroAuc(), 2)
                            .put("fused_micro_auc", objectFigures.fusedMicroAuc(), 2);
                }
                if (liveFigures != null) {
                    line.putAll("live_", liveJson(liveFigures.perVideo()))
                            .putAll("live_one_camera_", liveJson(liveFigures.oneCamera()));
                }
                if (fusedLive != null) {
                    line.putAll("live_fused_", liveJson(fusedLive.perVideo()))
                            .putAll("live_fused_one_camera_", liveJson(fusedLive.oneCamera()));
                }
                System.out.println(line);
            }
        }
        return 0;
    }

    /** The object scores' figures. */
    private record ObjectAnomalyFigures(double objectMicroAuc, double fusedMicroAuc, Map<String, double[]> unitScores) {}

    /**
     * Scores the test videos' frames by the object density (the model folder's objects.json, or else fitted on the
     * training videos), and reports its micro AUC alone and fused with the model's (the mean of the two normalised,
     * smoothed scores: a rule fixed before any test figure was seen).
     */
    private ObjectAnomalyFigures objectFigures(Path dataset, List<AnomalyEvaluation.VideoScores> scored,
            Map<String, boolean[]> labels) throws IOException, ModelArtifactException {
        try (DetectionModel detector = DetectionModel.bundled()) {
            String ref = model == null ? ModelStore.BUNDLED_PREFIX + AnomalyModel.BUNDLED
                    : CliPaths.resolve(model).toString();
            ObjectDensity density = ObjectDensity.of(ref).orElse(null);
            if (density == null) {
                ObjectDensityFit.Fitted fitted = ObjectDensityFit.fit(detector, GreyFrames.readFolders(
                        dataset.resolve("training").resolve("frames"), OBJECT_WIDTH, OBJECT_HEIGHT), PED2_FPS);
                density = fitted.density();
                System.out.printf(Locale.ROOT, "objects: %d tracked objects in the training frames, by class %s%n",
                        fitted.objects(), density.counts());
            } else {
                System.out.printf(Locale.ROOT, "objects: the model's density (%s), by class %s%n", ObjectDensity.FILE,
                        density.counts());
            }
            Map<String, double[]> objectScores = new java.util.HashMap<>();
            Map<String, double[]> unitScores = new java.util.HashMap<>();
            Map<String, double[]> fused = new java.util.HashMap<>();
            Map<String, AnomalyEvaluation.VideoScores> byName = new java.util.HashMap<>();
            scored.forEach(v -> byName.put(v.name(), v));
            for (FrameSequence video : readTestVideos(dataset.resolve("testing"), OBJECT_WIDTH, OBJECT_HEIGHT)) {
                List<List<ObjectObservation>> perFrame = ObjectObservations.of(detector, video, PED2_FPS);
                double[] raw = new double[perFrame.size()];
                for (int f = 0; f < raw.length; f++) {
                    raw[f] = density.frameScore(perFrame.get(f));
                }
                double[] unit = new double[raw.length];
                for (int f = 0; f < raw.length; f++) {
                    unit[f] = density.unitScore(raw[f]);
                }
                unitScores.put(video.name(), unit);
                double[] objectScore = AnomalyEvaluation.normalisedScores(raw);
                double[] modelScore = byName.get(video.name()).scores();
                double[] mean = new double[objectScore.length];
                for (int f = 0; f < mean.length; f++) {
                    mean[f] = (objectScore[f] + modelScore[f]) / 2;
                }
                objectScores.put(video.name(), objectScore);
                fused.put(video.name(), mean);
            }
            double objectAuc = AnomalyEvaluation.microAuc(objectScores, labels);
            double fusedAuc = AnomalyEvaluation.microAuc(fused, labels);
            System.out.printf(Locale.ROOT, "objects alone: micro AUC %.2f; fused with the model (mean): micro AUC %.2f%n",
                    objectAuc, fusedAuc);
            return new ObjectAnomalyFigures(objectAuc, fusedAuc, unitScores);
        }
    }

    /** The live replay's figures: each video as a new camera, and all of them back to back as one camera. */
    private record LiveFigures(LiveAnomalyReplay.Result perVideo, LiveAnomalyReplay.Result oneCamera) {}

    /**
     * Replays the videos live (both ways) and prints the figures.
     *
     * @param objectScores each frame's object score in [0, 1], fused as the stage fuses it; null: the model alone
     */
    private LiveFigures liveReplay(List<AnomalyEvaluation.VideoScores> scored, Map<String, boolean[]> labels,
            NormalBaseline baseline, Map<String, double[]> objectScores) {
        LiveScorer scorer = LiveScorer.defaults();
        SpanTracker tracker = AnomalyConfig.defaults().tracker();
        LiveAnomalyReplay.Result perVideo = LiveAnomalyReplay.replay(scored, labels, scorer, baseline, tracker, videoFps,
                objectScores);
        LiveAnomalyReplay.Result oneCamera = LiveAnomalyReplay.replayAsOneCamera(scored, labels, scorer, baseline,
                tracker, videoFps, objectScores);
        String fused = objectScores == null ? "" : ", fused with the objects";
        printLive("each video a new camera" + fused, perVideo);
        printLive("the videos back to back as one camera" + fused, oneCamera);
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
