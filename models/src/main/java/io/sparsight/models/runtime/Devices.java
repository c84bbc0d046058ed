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

    private Devices() {}

    /** The device from the configured preference. */
    public static Device chosen() {
        String preference = System.getProperty(PROPERTY, System.getenv().getOrDefault("SPARSIGHT_DEVICE", "auto"));
        return choose(preference, OfflineRuntime.pytorch().getGpuCount());
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
                        + gpus + " GPU(s); use 'auto' or 'cpu'");
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
