package io.sparsight.models.runtime;

import ai.djl.engine.Engine;

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

    private OfflineRuntime() {}

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
        return Engine.getEngine(ENGINE);
    }

    /** Throws unless DJL is offline; the message says how to fix it. */
    public static void requireOffline() {
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
