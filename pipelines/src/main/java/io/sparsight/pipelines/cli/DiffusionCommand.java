package io.sparsight.pipelines.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.diffusion.AttentionPattern;
import io.sparsight.models.diffusion.AttentionPlan;
import io.sparsight.models.diffusion.DiffusionBenchmark;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.pipelines.data.GreyFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sparsight diffusion search}: the sparse attention plan of a trained video DiT. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = "Sparse attention of the video diffusion transformer (train it with 'train diffusion').",
        subcommands = {DiffusionCommand.Search.class})
final class DiffusionCommand extends CommandGroup {

    /**
     * The conditioning frames the search and the benchmark read: runs of past frames from normal footage, a folder of
     * frame folders or a video file.
     */
    static NDArray calibration(DiffusionModel model, Path calib, int clips, NDManager manager) throws IOException {
        Path path = CliPaths.resolve(calib);
        int width = model.hyperparameters().width();
        int height = model.hyperparameters().height();
        List<FrameSequence> read = Files.isRegularFile(path) ? List.of(GreyFrames.readVideo(path, width, height))
                : GreyFrames.readFolders(path, width, height);
        List<List<float[]>> videos = new ArrayList<>();
        for (FrameSequence video : read) {
            videos.add(video.frames());
        }
        return model.calibration(videos, clips, manager);
    }

    static String shares(AttentionPlan plan) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<AttentionPattern, Double> e : plan.shares().entrySet()) {
            out.append(String.format(Locale.ROOT, " %s %.0f%%", e.getKey().name().toLowerCase(Locale.ROOT),
                    100 * e.getValue()));
        }
        return out.toString().trim();
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Choose each layer's and head's attention pattern (after Sparse-vDiT): on calibration clips,",
                    "each candidate's output against the dense output at every sampling step, cost MSE + lambda * work",
                    "(work: the pattern's measured latency against dense here); dense unless a candidate costs at",
                    "most epsilon. Writes attention-plan.json into the model folder and prints the shares."})
    static final class Search implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder (train diffusion)")
        Path model;

        @Option(names = "--calib", required = true, paramLabel = "DIR",
                description = "calibration footage: numbered-image folders, or folders of such folders")
        Path calib;

        @Option(names = "--clips", defaultValue = "4", description = "calibration clips (default: ${DEFAULT-VALUE})")
        int clips;

        @Option(names = "--lambda", defaultValue = "0.01", description = "weight of the work left (default: ${DEFAULT-VALUE})")
        double lambda;

        @Option(names = "--epsilon", defaultValue = "0.05", description = "largest cost a sparse pattern may have (default: ${DEFAULT-VALUE})")
        double epsilon;

        @Option(names = "--seed", defaultValue = "42", description = "the sampler's seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            Path dir = CliPaths.resolve(model);
            try (DiffusionModel dense = DiffusionModel.loadDense(dir, Devices.chosen());
                    NDManager manager = dense.model().getNDManager().newSubManager()) {
                NDArray condition = calibration(dense, calib, clips, manager);
                AttentionPlan plan = DiffusionBenchmark.search(dense.network(), condition, dense.sampler(), lambda,
                        epsilon, seed);
                plan.write(dir);
                recordSearch(dir, plan);
                System.out.println("attention plan written to " + dir.resolve(AttentionPlan.FILE) + ": " + shares(plan));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }

        /** How the plan was searched, into the model's {@code model.json} (calibration.attentionPlan). */
        private void recordSearch(Path dir, AttentionPlan plan) throws ModelArtifactException, IOException {
            ModelManifest manifest = ModelStore.readManifest(dir);
            Map<String, Object> search = new LinkedHashMap<>();
            search.put("clips", clips);
            search.put("lambda", lambda);
            search.put("epsilon", epsilon);
            search.put("seed", seed);
            search.put("shares", shares(plan));
            search.put("command", "./sparsight diffusion search --model " + model + " --calib " + calib + " --clips "
                    + clips + " --lambda " + lambda + " --epsilon " + epsilon + " --seed " + seed);
            manifest.calibration.put("attentionPlan", search);
            ModelStore.writeManifest(manifest, dir);
        }
    }
}
