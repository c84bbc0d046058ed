package io.sparsight.models.runtime;

import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The one way Sparsight starts DJL: it refuses to run unless DJL is offline, so engine start-up can never
 * reach the network (a missing native jar then fails loudly instead of downloading).
 *
 * <p>Offline means the environment has {@code DJL_OFFLINE=true} or the JVM has {@code -Dai.djl.offline=true};
 * {@code OPT_OUT_TRACKING=true} (environment) switches off DJL's usage reporting.
 */
public final class OfflineRuntime {

    /** The engine every Sparsight model runs on. */
    public static final String ENGINE = "PyTorch";

    private static final Logger LOG = LoggerFactory.getLogger(OfflineRuntime.class);

    /**
     * Intra-op threads of libtorch, for the whole process: {@code -Dsparsight.torch.threads=N} or the environment's
     * {@code SPARSIGHT_TORCH_THREADS}, default the number of cores. Inter-op threads are 1 (a model call is one chain
     * of operators). OpenCV runs single-threaded per call (its per-frame work is small) and FFmpeg's decoder threads
     * are set per camera, so on a machine that only runs Sparsight the three do not fight over the cores; with
     * several scoring subtasks in one TaskManager, give each {@code cores / subtasks} threads.
     * Explicit {@code -Dai.djl.pytorch.num_threads} / {@code num_interop_threads} win.
     */
    public static final String TORCH_THREADS = "sparsight.torch.threads";

    private OfflineRuntime() {}

    private static void applyThreadDefaults() {
        String configured = System.getProperty(TORCH_THREADS, System.getenv("SPARSIGHT_TORCH_THREADS"));
        int threads = Runtime.getRuntime().availableProcessors();
        if (configured != null && !configured.isBlank()) {
            try {
                threads = Math.max(1, Integer.parseInt(configured.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(TORCH_THREADS + " / SPARSIGHT_TORCH_THREADS must be a whole number of"
                        + " threads, got '" + configured + "'");
            }
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /** True when DJL is configured not to download anything. */
    public static boolean isOffline() {
        return isTrue(System.getProperty("ai.djl.offline")) || isTrue(System.getenv("DJL_OFFLINE"));
    }

    /** True when DJL's usage tracking is switched off. */
    public static boolean isTrackingOptedOut() {
        return isTrue(System.getenv("OPT_OUT_TRACKING")) || isTrue(System.getProperty("OPT_OUT_TRACKING"));
    }

    /**
     * Returns the PyTorch engine after checking that DJL is offline.
     *
     * @throws IllegalStateException when DJL is not offline, with what to set
     */
    public static Engine pytorch() {
        requireOffline();
        CudaRoute route = CudaRoute.fromEnvironment();
        route.check();
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            String why = route.explainLoadFailure(e);
            if (why != null) {
                throw new IllegalStateException(why, e);
            }
            throw e;
        }
        if (route.wantsCuda() && engine.getGpuCount() == 0 && !warnedNoGpu) {
            warnedNoGpu = true;
            LOG.warn("A CUDA libtorch is loaded, but the engine sees no GPU (no NVIDIA driver, or CUDA_VISIBLE_DEVICES"
                    + " hides them): models run on the CPU, and device: gpu is an error.");
        }
        return engine;
    }

    private static volatile boolean warnedNoGpu;

    /**
     * Throws unless DJL is offline (the message says how to fix it), and sets libtorch's thread counts before the
     * engine first loads (see {@link #TORCH_THREADS}).
     */
    public static void requireOffline() {
        applyThreadDefaults();
        if (!isOffline()) {
            throw new IllegalStateException(
                    "DJL is not in offline mode, so loading an engine could try to download natives. "
                            + "Run with DJL_OFFLINE=true and OPT_OUT_TRACKING=true in the environment "
                            + "(or -Dai.djl.offline=true); ./sparsight and the Maven build set both.");
        }
    }

    private static boolean isTrue(String value) {
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }
}
