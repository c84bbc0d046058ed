package io.sparsight.models.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The GPU route of the PyTorch engine, checked before DJL loads anything. The jar bundles libtorch for the CPU and
 * the CUDA 12.8 JNI library ({@code jnilib/linux-x86_64/cu128} of {@code pytorch-jni}); DJL never downloads here,
 * so a GPU run needs a CUDA build of the same libtorch given by the environment:
 * {@code PYTORCH_LIBRARY_PATH} (its lib folder), {@code PYTORCH_FLAVOR=cu128} and {@code PYTORCH_VERSION=2.7.1}.
 * Without {@code PYTORCH_FLAVOR=cu*} nothing is checked and the bundled CPU build is used.
 *
 * <p>What the environment alone can tell is said before loading (no library path, a folder without libtorch, another
 * version); what only loading can tell (a CPU build of libtorch in that folder, a missing CUDA runtime library) is
 * said by {@link #explainLoadFailure}, and a machine without a GPU gets the CPU with a warning (see {@link Devices}).
 */
public final class CudaRoute {

    /** The libtorch version the bundled JNI libraries are built against. */
    public static final String LIBTORCH_VERSION = "2.7.1";

    private final String flavor;
    private final String libraryPath;
    private final String version;

    private CudaRoute(Map<String, String> env) {
        this.flavor = env.get("PYTORCH_FLAVOR");
        this.libraryPath = env.get("PYTORCH_LIBRARY_PATH");
        this.version = env.get("PYTORCH_VERSION");
    }

    /** The route the process environment asks for. */
    public static CudaRoute fromEnvironment() {
        return of(System.getenv());
    }

    static CudaRoute of(Map<String, String> env) {
        return new CudaRoute(env);
    }

    /** Whether a CUDA flavor of libtorch is asked for. */
    public boolean wantsCuda() {
        return flavor != null && flavor.startsWith("cu");
    }

    /**
     * Throws when a CUDA libtorch is asked for and the environment cannot give one; the message says what is
     * missing and what to set.
     */
    public void check() {
        if (!wantsCuda()) {
            return;
        }
        String asked = "PYTORCH_FLAVOR=" + flavor + " asks for a CUDA build of libtorch " + LIBTORCH_VERSION;
        if (libraryPath == null || libraryPath.isBlank()) {
            throw new IllegalStateException(asked + ", but PYTORCH_LIBRARY_PATH is not set: the jar bundles libtorch"
                    + " for the CPU only and nothing is downloaded. Set PYTORCH_LIBRARY_PATH to the lib folder of"
                    + " libtorch " + LIBTORCH_VERSION + " for CUDA 12.8, or unset PYTORCH_FLAVOR to run on the CPU.");
        }
        if (!Files.isRegularFile(Path.of(libraryPath, "libtorch.so"))) {
            throw new IllegalStateException(asked + ", but PYTORCH_LIBRARY_PATH=" + libraryPath + " holds no"
                    + " libtorch.so; it must be the lib folder of libtorch " + LIBTORCH_VERSION + " for CUDA 12.8.");
        }
        if (version != null && !version.equals(LIBTORCH_VERSION)) {
            throw new IllegalStateException(asked + ", but PYTORCH_VERSION=" + version + ": the bundled JNI library"
                    + " is built against libtorch " + LIBTORCH_VERSION + " only; set PYTORCH_VERSION="
                    + LIBTORCH_VERSION + " and give that version's lib folder.");
        }
    }

    /** A one-line reason for an engine that would not load on this route, or null when it is not the GPU route. */
    public String explainLoadFailure(Throwable failure) {
        if (!wantsCuda()) {
            return null;
        }
        String cause = rootMessage(failure);
        String missing = cause.contains("libc10_cuda") || cause.contains("libtorch_cuda")
                ? PYTORCH_LIBRARY_PATH_IS_CPU : cause.contains("libcud") || cause.contains("libnv")
                ? " a CUDA 12.8 runtime library that libtorch needs is missing (install the CUDA 12.8 runtime or use"
                        + " a libtorch that bundles it)."
                : " see the cause above.";
        return "PYTORCH_FLAVOR=" + flavor + ": DJL loaded libtorch from " + libraryPath + " and the CUDA JNI library"
                + " bundled in the jar (jnilib/linux-x86_64/" + flavor + "), which failed to load: " + cause + ";"
                + missing;
    }

    private static final String PYTORCH_LIBRARY_PATH_IS_CPU = " PYTORCH_LIBRARY_PATH holds a CPU build of libtorch"
            + " (no libc10_cuda.so); give the lib folder of libtorch " + LIBTORCH_VERSION + " for CUDA 12.8.";

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).strip();
    }
}
