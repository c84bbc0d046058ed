package io.sparsight.pipelines.cli;

import ai.djl.Model;
import io.sparsight.models.data.GroundingSample;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.detection.PoseModel;
import io.sparsight.models.grounding.GroundingEvaluation;
import io.sparsight.models.grounding.GroundingModel;
import io.sparsight.models.grounding.GroundingNetwork;
import io.sparsight.models.grounding.Moment;
import io.sparsight.models.grounding.PixelGrounding;
import io.sparsight.models.grounding.TrackGrounding;
import io.sparsight.models.grounding.TrackGroundingBlock;
import io.sparsight.models.grounding.TrackGroundingModel;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.models.text.SentenceEncoder;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.pipelines.data.GroundingData;
import io.sparsight.pipelines.eval.VideoTracks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code sparsight eval grounding}: R@1 at IoU 0.3 / 0.5 / 0.7 and mean IoU of a grounding model on one split, each
 * query against its whole video, and queries per second.
 */
@Command(name = "grounding", mixinStandardHelpOptions = true,
        description = {"Evaluate a temporal grounding model on one split of a dataset: R@1 at IoU 0.3, 0.5, 0.7",
                "(a hit is IoU strictly above the threshold) and mean IoU, in percent, and queries per second.",
                "Layouts as for 'sparsight train grounding'."})
final class EvalGroundingCommand implements Callable<Integer> {

    @Mixin
    GroundingDatasetOptions dataset;

    @Option(names = "--split", defaultValue = "test",
            description = "split to evaluate: test or paraphrase for synthetic (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--model", paramLabel = "REF", defaultValue = "bundled:" + GroundingModel.BUNDLED,
            description = {"model folder or bundled:<name>: a pixel model (" + GroundingModel.BUNDLED + ") or a",
                    "track model (" + TrackGroundingModel.BUNDLED + ", which reads tracks/<id>.json) (default:",
                    "${DEFAULT-VALUE})"})
    String model;

    @Option(names = "--batch", defaultValue = "16", description = "queries per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--detector", paramLabel = "REF", defaultValue = "bundled:" + DetectionModel.BUNDLED,
            description = {"for a track model on videos without tracks files: the detector (default:",
                    "${DEFAULT-VALUE})"})
    String objectsModel;

    @Option(names = "--poses", description = {"for a track model on videos without tracks files: people's poses too",
            "(the bundled MoveNet MultiPose, on every frame with a person: slower)"})
    boolean withPoses;

    /** Frames a second a track model's videos are detected and tracked at (as the synthetic tracks are). */
    private static final double TRACK_FPS = 10;

    @Option(names = "--each", description = "print every query's predicted and annotated moment and their IoU")
    boolean each;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        GroundingData.Format layout = dataset.format;
        if (batch < 1) {
            System.err.println("--batch must be at least 1.");
            return 2;
        }
        String ref = ModelRef.isBundled(model) ? model : CliPaths.resolve(Path.of(model)).toString();
        ModelManifest manifest = ModelRef.manifest(ref);
        boolean tracks = TrackGroundingBlock.ARCHITECTURE.equals(manifest.architecture);
        Path dir = CliPaths.resolve(dataset.data);
        try (AutoCloseable predictor = tracks
                ? ModelRef.open(ref, "auto", TrackGroundingModel::bundled, TrackGroundingModel::load)
                : ModelRef.open(ref, "auto", GroundingModel::bundled, GroundingModel::load);
                SentenceEncoder encoder = new SentenceEncoder(Runtime.getRuntime().availableProcessors())) {
            Map<String, float[]> cache = new HashMap<>();
            Function<String, float[]> sentences = s -> cache.computeIfAbsent(s, encoder::sentence);
            List<GroundingSample> queries;
            GroundingNetwork network;
            Model djlModel;
            String input;
            if (predictor instanceof TrackGroundingModel trackModel) {
                GroundingData.TrackSplit test = GroundingData.loadTracks(dir, layout, split, this::trackVideo);
                queries = test.queries();
                network = new TrackGrounding(trackModel.hyperparameters(), test.videos(), sentences);
                djlModel = trackModel.model();
                input = String.format(Locale.ROOT, "%d track videos, %d sample times x %d track slots",
                        test.videos().size(), trackModel.hyperparameters().frames(),
                        trackModel.hyperparameters().slots());
            } else {
                GroundingModel pixelModel = (GroundingModel) predictor;
                var hp = pixelModel.hyperparameters();
                GroundingData.Split test = GroundingData.load(dir, layout, split, hp.width(), hp.height());
                queries = test.queries();
                network = new PixelGrounding(hp, test.clips());
                djlModel = pixelModel.model();
                input = String.format(Locale.ROOT, "%d videos, %d frames at %dx%d per video", test.clips().size(),
                        hp.frames(), hp.width(), hp.height());
            }
            System.out.printf(Locale.ROOT, "model %s (%s), %d queries (%s split) over %s, batch %d%n", manifest.name,
                    ref, queries.size(), split, input, batch);
            GroundingEvaluation.Report report = GroundingEvaluation.evaluateWithPresence(djlModel, network, queries,
                    sentences, batch);
            GroundingEvaluation.Result r = report.scores();
            GroundingEvaluation.PresenceResult p = report.presence();
            if (detector != null) {
                detector.close();
            }
            if (poseModel != null) {
                poseModel.close();
            }
            System.out.println(describe(split, r));
            if (each) {
                List<GroundingModel.Prediction> answers = GroundingEvaluation.answers(djlModel, network, queries,
                        sentences, batch);
                for (int i = 0; i < queries.size(); i++) {
                    GroundingSample q = queries.get(i);
                    GroundingModel.Prediction a = answers.get(i);
                    Moment predicted = new Moment(a.start(), a.end());
                    System.out.printf(Locale.ROOT, "  %s %.1f-%.1f s, predicted %.1f-%.1f s (IoU %.2f, presence %.2f):"
                            + " %s%n", q.videoId(), q.moment().start(), q.moment().end(), a.start(), a.end(),
                            predicted.iou(q.moment()), a.presence(), q.sentence());
                }
            }
            Path events = dir.resolve(split).resolve(SynthTracksCommand.EVENTS);
            if (layout == GroundingData.Format.SYNTHETIC && Files.isRegularFile(events)) {
                byEvent(events, djlModel, network, queries, sentences);
            }
            if (p != null) {
                System.out.printf(Locale.ROOT, "presence: mean %.2f on the query's own video, %.2f with another"
                        + " video's sentence; ROC AUC %.2f (for choosing a threshold)%n", p.meanOnOwnVideo(),
                        p.meanOnOtherVideo(), p.auc());
            } else {
                System.out.println("presence: not measured (it needs queries of at least two videos)");
            }
            if (json) {
                System.out.println(new JsonLine().put("r1_iou03", r.r1Iou03(), 2).put("r1_iou05", r.r1Iou05(), 2)
                        .put("r1_iou07", r.r1Iou07(), 2).put("miou", r.meanIou(), 2).put("queries", r.queries())
                        .put("qps", r.qps(), 1).put("presence_auc", p == null ? Double.NaN : p.auc(), 2)
                        .put("split", split).put("model", manifest.name));
            }
        }
        return 0;
    }

    /** Scores per event of a simulated split ({@code events.txt}: {@code id event} lines). */
    private void byEvent(Path events, Model model, GroundingNetwork network, List<GroundingSample> queries,
            Function<String, float[]> sentences) throws IOException {
        Map<String, String> eventOf = new HashMap<>();
        for (String line : Files.readAllLines(events)) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 2) {
                eventOf.put(parts[0], parts[1]);
            }
        }
        Map<String, List<GroundingSample>> groups = new java.util.TreeMap<>();
        for (GroundingSample q : queries) {
            groups.computeIfAbsent(eventOf.getOrDefault(q.videoId(), "?"), e -> new java.util.ArrayList<>()).add(q);
        }
        for (Map.Entry<String, List<GroundingSample>> g : groups.entrySet()) {
            System.out.println("  " + describe(g.getKey(), GroundingEvaluation.evaluate(model, network, g.getValue(),
                    sentences, batch)));
        }
    }

    private DetectionModel detector;
    private PoseModel poseModel;

    /** A video without a tracks file: decoded, detected and tracked as the object stage would. */
    private TrackVideo trackVideo(Path video, String id) throws IOException {
        try {
            return trackedVideo(video, id);
        } catch (ModelArtifactException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private TrackVideo trackedVideo(Path video, String id) throws IOException, ModelArtifactException {
        if (detector == null) {
            detector = DetectionModel.open(ModelRef.isBundled(objectsModel) ? objectsModel
                    : CliPaths.resolve(Path.of(objectsModel)).toString(), "auto");
        }
        if (withPoses && poseModel == null) {
            poseModel = PoseModel.bundled(io.sparsight.models.runtime.Devices.chosen());
        }
        System.out.printf(Locale.ROOT, "  detecting and tracking %s at %.0f fps%s ...%n", video.getFileName(),
                TRACK_FPS, withPoses ? " with poses" : "");
        return VideoTracks.read(video, id, detector, poseModel, TRACK_FPS);
    }

    static String describe(String split, GroundingEvaluation.Result r) {
        return String.format(Locale.ROOT, "%s: R@1 IoU>0.3 %.2f  IoU>0.5 %.2f  IoU>0.7 %.2f  mIoU %.2f  (%d queries,"
                + " %.1f queries/s)", split, r.r1Iou03(), r.r1Iou05(), r.r1Iou07(), r.meanIou(), r.queries(), r.qps());
    }

    /** Puts a split's scores into a manifest, under keys prefixed with {@code prefix}. */
    static void record(ModelManifest manifest, String prefix, GroundingEvaluation.Result r) {
        manifest.scores.put(prefix + "_r1_iou03", round(r.r1Iou03()));
        manifest.scores.put(prefix + "_r1_iou05", round(r.r1Iou05()));
        manifest.scores.put(prefix + "_r1_iou07", round(r.r1Iou07()));
        manifest.scores.put(prefix + "_miou", round(r.meanIou()));
        manifest.scores.put(prefix + "_queries", r.queries());
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
