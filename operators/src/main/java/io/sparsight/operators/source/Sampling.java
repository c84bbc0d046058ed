package io.sparsight.operators.source;

import java.io.Serializable;
import java.util.Locale;

/**
 * Which decoded frames a camera keeps for analysis:
 * <ul>
 *   <li>{@code full}: every frame;</li>
 *   <li>{@code fps=N}: a fixed analysis rate (the first frame of each 1/N s slot);</li>
 *   <li>{@code keyframes}: keyframes only: the decoder skips non-key frames entirely (FFmpeg {@code skip_frame=nokey}),
 *       so they are never decoded;</li>
 *   <li>{@code motion=T}: at most {@code fps} frames per second, and of those only frames whose changed-pixel fraction
 *       against the last kept frame reaches {@code T}, plus a heartbeat frame every {@code heartbeatMs}.</li>
 * </ul>
 */
public record Sampling(Mode mode, double fps, double motionThreshold, long heartbeatMs) implements Serializable {

    public enum Mode { FULL, FPS, KEYFRAMES, MOTION }

    public Sampling {
        if (fps < 0) {
            throw new IllegalArgumentException("sampling fps must be >= 0, got " + fps);
        }
        if (mode == Mode.MOTION && (motionThreshold <= 0 || motionThreshold > 1 || heartbeatMs <= 0)) {
            throw new IllegalArgumentException("motion sampling needs a threshold in (0, 1] and a heartbeat > 0 ms");
        }
    }

    public static Sampling full() {
        return new Sampling(Mode.FULL, 0, 0, 0);
    }

    public static Sampling fps(double fps) {
        return fps == 0 ? full() : new Sampling(Mode.FPS, fps, 0, 0);
    }

    public static Sampling keyframes() {
        return new Sampling(Mode.KEYFRAMES, 0, 0, 0);
    }

    public static Sampling motion(double threshold, long heartbeatMs, double maxFps) {
        return new Sampling(Mode.MOTION, maxFps, threshold, heartbeatMs);
    }

    /**
     * Parses {@code full}, {@code keyframes}, {@code fps=5}, or {@code motion=0.01} with optional
     * {@code ,heartbeat=10s} and {@code ,fps=5}.
     */
    public static Sampling parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("full")) {
                return full();
            }
            if (t.equals("keyframes")) {
                return keyframes();
            }
            if (t.startsWith("fps=")) {
                return fps(Double.parseDouble(t.substring(4)));
            }
            if (t.startsWith("motion=")) {
                String[] parts = t.substring(7).split(",");
                double threshold = Double.parseDouble(parts[0]);
                long heartbeat = 10_000;
                double maxFps = 5;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("heartbeat=")) {
                        heartbeat = parseMillis(p.substring(10));
                    } else if (p.startsWith("fps=")) {
                        maxFps = Double.parseDouble(p.substring(4));
                    } else {
                        throw new IllegalArgumentException("unknown motion sampling setting '" + p + "'");
                    }
                }
                return motion(threshold, heartbeat, maxFps);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("sampling must be full, keyframes, fps=N or motion=T[,heartbeat=10s][,fps=N]; got '"
                + text + "'");
    }

    private static long parseMillis(String s) {
        if (s.endsWith("ms")) {
            return Long.parseLong(s.substring(0, s.length() - 2));
        }
        if (s.endsWith("s")) {
            return Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000);
        }
        return Long.parseLong(s);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case FULL -> "full";
            case FPS -> "fps=" + fps;
            case KEYFRAMES -> "keyframes";
            case MOTION -> "motion=" + motionThreshold + ",heartbeat=" + heartbeatMs + "ms,fps=" + fps;
        };
    }
}
