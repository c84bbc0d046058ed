package io.sparsight.pipelines.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sparsight.models.diffusion.AttentionPlan;
import io.sparsight.models.diffusion.DiffusionBenchmark;
import io.sparsight.models.diffusion.DiffusionModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.diffusion.DiffusionConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight bench diffusion}: a video DiT with dense attention against its searched plan. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = {"The same model, seed, inputs and sampler with dense attention and with the searched plan",
                "(the model folder's attention-plan.json; 'diffusion search' makes it): sampling time per prediction,",
                "attention FLOPs, PSNR and SSIM of the sparse output against the dense one, attention's share of a",
                "dense step."})
final class BenchDiffusionCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR", defaultValue = DiffusionConfig.DEFAULT_MODEL,
            description = "model folder with its plan, or bundled:<name> (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--calib", paramLabel = "DIR|FILE", defaultValue = DemoCommand.SAMPLE,
            description = "footage the inputs are taken from: a folder of frame folders or a video (default: the"
                    + " sample clip, ${DEFAULT-VALUE})")
    Path calib;

    @Option(names = "--runs", defaultValue = "5", description = "timed predictions each; the median counts (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--seed", defaultValue = "42", description = "the sampler's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean bundled = model.startsWith(ModelStore.BUNDLED_PREFIX);
        String name = model.substring(bundled ? ModelStore.BUNDLED_PREFIX.length() : 0);
        Path dir = bundled ? null : CliPaths.resolve(Path.of(model));
        AttentionPlan plan = bundled ? DiffusionModel.bundledPlan(name)
                : Files.isRegularFile(dir.resolve(AttentionPlan.FILE)) ? AttentionPlan.read(dir) : null;
        if (plan == null) {
            System.err.println("No " + AttentionPlan.FILE + " with " + model + ": run ./sparsight diffusion search"
                    + " --model DIR --calib DIR first.");
            return 2;
        }
        try (DiffusionModel dense = bundled ? DiffusionModel.bundledDense(name, Devices.chosen())
                        : DiffusionModel.loadDense(dir, Devices.chosen());
                NDManager manager = dense.model().getNDManager().newSubManager()) {
            NDArray condition = DiffusionCommand.calibration(dense, calib, 1, manager);
            DiffusionBenchmark.Result r = DiffusionBenchmark.measure(dense.network(), plan, condition, dense.sampler(),
                    seed, runs);
            System.out.printf(Locale.ROOT, "%d tokens, %d sampling steps; plan: %s%n", dense.hyperparameters().tokens(),
                    dense.sampler().steps(), DiffusionCommand.shares(plan));
            System.out.printf(Locale.ROOT, "dense %.1f ms, sparse %.1f ms per prediction (%.2fx); attention FLOPs %.2fx"
                            + " fewer; sparse vs dense PSNR %.2f dB, SSIM %.4f; attention %.0f%% of a dense step%n",
                    r.denseMs(), r.sparseMs(), r.speedup(), r.attentionFlopsRatio(), r.psnrDb(), r.ssim(),
                    100 * r.attentionShare());
            if (json) {
                System.out.println(new JsonLine().put("dense_ms", r.denseMs(), 2).put("sparse_ms", r.sparseMs(), 2)
                        .put("speedup", r.speedup(), 3).put("attention_flops_ratio", r.attentionFlopsRatio(), 3)
                        .put("psnr_db", r.psnrDb(), 2).put("ssim", r.ssim(), 4)
                        .put("attention_share", r.attentionShare(), 3));
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
