package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.AnomalyEvaluation;
import io.sparsight.models.anomaly.AnomalyModel;
import io.sparsight.models.anomaly.FrameLabels;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.diffusion.DiffusionEvaluation;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.diffusion.FusionRule;
import io.sparsight.models.diffusion.VideoDitBlock;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sparsight eval diffusion}: the video DiT as an anomaly detector on a labelled test set in the UCSD layout
 * (as {@code eval anomaly}): next-frame PSNR on the normal frames, frame-level micro AUC of its prediction error, and
 * of that score fused with the frame predictor's.
 */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"Predict every test frame with the video diffusion model (every stride, from the frames before",
                "it) and report the PSNR on normal frames and the frame-level micro AUC of its error as an anomaly",
                "score, alone and fused with the frame predictor's (the model's fusion rule, chosen by `calibrate",
                "diffusion` on pseudo-anomalies of its training footage), against ROOT/testing/labels.csv."})
final class EvalDiffusionCommand implements Callable<Integer> {

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "dataset folder holding testing/")
    Path root;

    @Option(names = "--model", paramLabel = "DIR", description = "diffusion model folder (default: the bundled "
            + DiffusionModel.BUNDLED + " model)")
    Path model;

    @Option(names = "--predictor", paramLabel = "DIR", description = "frame predictor to fuse with (default: the"
            + " bundled " + AnomalyModel.BUNDLED + " model)")
    Path predictor;

    @Option(names = "--batch", defaultValue = "8", description = "predictions per model call (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seed", defaultValue = "42", description = "the sampler's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Option(names = "--record", description = "write the scores into the model folder's model.json (needs --model)")
    boolean record;

    @Override
    public Integer call() throws Exception {
        if (record && model == null) {
            System.err.println("--record writes into a model folder: give it with --model DIR.");
            return 2;
        }
        Path dataset = CliPaths.resolve(root);
        Path labelsFile = dataset.resolve("testing").resolve("labels.csv");
        if (!Files.isRegularFile(labelsFile)) {
            System.err.println("No labels at " + labelsFile + ": --root must hold testing/labels.csv.");
            return 2;
        }
        Map<String, boolean[]> labels = FrameLabels.read(labelsFile);
        List<AnomalyEvaluation.VideoScores> diffusionScores = new ArrayList<>();
        List<AnomalyEvaluation.VideoScores> fusionScores = diffusionScores;
        double seconds;
        int predicted = 0;
        DiffusionEvaluation.RepairQuality repair;
        FusionRule rule;
        try (DiffusionModel diffusion = model == null ? DiffusionModel.bundled(DiffusionModel.BUNDLED, Devices.chosen())
                : DiffusionModel.load(CliPaths.resolve(model), Devices.chosen())) {
            VideoDitBlock.Hyperparameters hp = diffusion.hyperparameters();
            rule = FusionRule.of(diffusion.manifest());
            List<FrameSequence> videos = EvalAnomalyCommand.readTestVideos(dataset.resolve("testing"), hp.width(),
                    hp.height());
            System.out.printf(Locale.ROOT, "diffusion model %s (%s), %d test videos at %dx%d: %d past -> %d predicted"
                            + " frames every %d, %d sampler steps, batch %d, seed %d%n", diffusion.manifest().name,
                    model == null ? "bundled" : CliPaths.resolve(model), videos.size(), hp.width(), hp.height(),
                    hp.conditionFrames(), hp.targetFrames(), diffusion.scoreStride(), diffusion.predictionSteps(),
                    batch, seed);
            long start = System.nanoTime();
            for (FrameSequence video : videos) {
                diffusionScores.add(DiffusionEvaluation.score(diffusion, video, batch, seed));
                predicted += video.size() - hp.conditionFrames();
                System.out.printf(Locale.ROOT, "  %s: %d frames%n", video.name(), video.size());
            }
            seconds = (System.nanoTime() - start) / 1e9;
            if (rule.samples() > 1) { // the fusion's score, not timed: the stage predicts once
                fusionScores = new ArrayList<>();
                for (FrameSequence video : videos) {
                    fusionScores.add(DiffusionEvaluation.score(diffusion, video, batch, seed,
                            diffusion.predictionSteps(), rule.samples()));
                }
            }
            List<boolean[]> normalFrames = new ArrayList<>();
            for (FrameSequence video : videos) {
                normalFrames.add(negated(labels.get(video.name())));
            }
            repair = DiffusionEvaluation.repair(diffusion, videos, normalFrames, batch, seed);
        }
        List<AnomalyEvaluation.VideoScores> predictorScores = new ArrayList<>();
        try (AnomalyModel anomaly = predictor == null ? AnomalyModel.bundled() : AnomalyModel.load(CliPaths.resolve(predictor))) {
            for (FrameSequence video : EvalAnomalyCommand.readTestVideos(dataset.resolve("testing"), anomaly.width(),
                    anomaly.height())) {
                predictorScores.add(AnomalyEvaluation.score(anomaly, video, 8));
            }
        }

        AnomalyEvaluation.Summary alone = AnomalyEvaluation.summarise(diffusionScores, labels);
        AnomalyEvaluation.Summary frame = AnomalyEvaluation.summarise(predictorScores, labels);
        List<double[]> psnrs = new ArrayList<>();
        List<boolean[]> normal = new ArrayList<>();
        List<boolean[]> truth = new ArrayList<>();
        for (AnomalyEvaluation.VideoScores d : diffusionScores) {
            psnrs.add(d.framePsnr());
            boolean[] flags = labels.get(d.name());
            truth.add(flags);
            normal.add(negated(flags));
        }
        double fusedAuc = rule.fusedMicroAuc(fusionScores, predictorScores, truth);
        double psnr = DiffusionEvaluation.meanPsnr(psnrs, normal);
        double fps = predicted / seconds;
        System.out.printf(Locale.ROOT, "next-frame PSNR on normal frames %.2f dB%n", psnr);
        System.out.printf(Locale.ROOT, "fusion rule: %s%n", rule);
        System.out.printf(Locale.ROOT, "frame-level micro AUC: diffusion %.2f (the whole frame's error, as the stage"
                + " scores; worst region %.2f), frame predictor %.2f, fused %.2f%n", alone.microAuc(),
                alone.regionMicroAuc(), frame.microAuc(), fusedAuc);
        System.out.printf(Locale.ROOT, "%d frames predicted in %.1f s: %.1f frames/s%n", predicted, seconds, fps);
        System.out.printf(Locale.ROOT, "gaps cut out of normal frames and filled (%d frames): repair %.2f dB, linear"
                + " blend across the gap %.2f dB%n", repair.frames(), repair.repairPsnrDb(), repair.blendPsnrDb());
        if (json) {
            System.out.println(new JsonLine().put("psnr_db", psnr, 2).put("micro_auc", alone.microAuc(), 2)
                    .put("fused_micro_auc", fusedAuc, 2).put("frames", alone.frames()).put("fps", fps, 1)
                    .put("region_psnr_micro_auc", alone.regionMicroAuc(), 2)
                    .put("fusion_score", rule.score().key()).put("fusion_samples", rule.samples())
                    .put("fusion_weight", rule.weight(), 1)
                    .put("predictor_micro_auc", frame.microAuc(), 2).put("repair_psnr_db", repair.repairPsnrDb(), 2)
                    .put("blend_psnr_db", repair.blendPsnrDb(), 2).put("batch", batch));
        }
        if (record) {
            Path modelDir = CliPaths.resolve(model);
            ModelManifest manifest = ModelStore.readManifest(modelDir);
            manifest.scores.clear();
            manifest.scores.put("dataset", dataset.getFileName() + "/testing");
            manifest.scores.put("psnr_db", round2(psnr));
            manifest.scores.put("micro_auc", round2(alone.microAuc()));
            manifest.scores.put("region_psnr_micro_auc", round2(alone.regionMicroAuc()));
            manifest.scores.put("fused_micro_auc", round2(fusedAuc));
            manifest.scores.put("fusion_score", rule.score().key());
            manifest.scores.put("fusion_samples", rule.samples());
            manifest.scores.put("fusion_weight", rule.weight());
            manifest.scores.put("predictor_micro_auc", round2(frame.microAuc()));
            manifest.scores.put("repair_psnr_db", round2(repair.repairPsnrDb()));
            manifest.scores.put("blend_psnr_db", round2(repair.blendPsnrDb()));
            manifest.scores.put("frames", alone.frames());
            manifest.scores.put("fps_2cores", Math.round(fps * 10) / 10.0);
            manifest.scores.put("command", "./sparsight eval diffusion --root " + root + " --model " + model
                    + " --batch " + batch + " --seed " + seed + " --record");
            ModelStore.writeManifest(manifest, modelDir);
            System.out.println("scores recorded in " + modelDir.resolve(ModelStore.MANIFEST));
        }
        return 0;
    }

    private static boolean[] negated(boolean[] flags) {
        boolean[] out = new boolean[flags.length];
        for (int i = 0; i < flags.length; i++) {
            out[i] = !flags[i];
        }
        return out;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
