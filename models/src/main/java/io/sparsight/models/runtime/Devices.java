package io.sparsight.models.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Which device models run on: a GPU when DJL sees one, else the CPU; {@code sparsight.device} (system property,
 * or {@code SPARSIGHT_DEVICE}) overrides it with {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}.
 */
public final class Devices {

    public static final String PROPERTY = "sparsight.device";

    /** How to give DJL a GPU build of libtorch; the jar bundles the CPU build only. */
    static final String GPU_HOWTO = "the jar bundles libtorch for CPU only: set PYTORCH_LIBRARY_PATH to the lib folder "
            + "of libtorch 2.7.1 for CUDA 12.8, PYTORCH_VERSION=2.7.1 and PYTORCH_FLAVOR=cu128; see docs/configuration.md";

    private Devices() {}

    /** The device from the process-wide preference ({@code sparsight.device} or {@code SPARSIGHT_DEVICE}). */
    public static Device chosen() {
        return chosen(System.getProperty(PROPERTY, System.getenv().getOrDefault("SPARSIGHT_DEVICE", "auto")));
    }

    /** The device for {@code preference}: auto, cpu, gpu or gpu:N. */
    public static Device chosen(String preference) {
        return choose(preference, OfflineRuntime.pytorch().getGpuCount());
    }

    /** Whether {@code preference} is written correctly (auto, cpu, gpu or gpu:N), without starting the engine. */
    public static boolean isValid(String preference) {
        return preference != null && preference.trim().toLowerCase(Locale.ROOT).matches("auto|cpu|gpu|gpu:\\d+");
    }

    /**
     * @param preference auto, cpu, gpu or gpu:N
     * @param gpus GPUs the engine sees
     */
    static Device choose(String preference, int gpus) {
        String p = preference.trim().toLowerCase(Locale.ROOT);
        if (p.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (p.equals("cpu")) {
            return Device.cpu();
        }
        if (p.equals("gpu") || p.startsWith("gpu:")) {
            int index = p.equals("gpu") ? 0 : parseIndex(p.substring(4), preference);
            if (index >= gpus) {
                throw new IllegalArgumentException("device '" + preference + "' was asked for, but the PyTorch engine sees "
                        + gpus + " GPU(s); use 'auto' or 'cpu', or give the engine a CUDA libtorch (" + GPU_HOWTO + ")");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + preference + "'");
    }

    private static int parseIndex(String text, String preference) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + preference + "'");
        }
    }

    /** Whether the engine sees a GPU (for tests that need one, as an assumption). */
    public static boolean gpuAvailable() {
        return Engine.getEngine(OfflineRuntime.ENGINE).getGpuCount() > 0;
    }
}
