package io.sparsight.operators.frames;

import org.slf4j.Logger;

import java.util.Locale;

/**
 * What a model stage says in its log when it skips late live frames ({@link LateFrames}): at most one line a minute,
 * with how many it skipped since the last line and what to change, so that an operator who reads only the log learns
 * the stage is behind. Flink-free; one per operator instance.
 */
public final class LateFrameReport {

    /** The shortest time between two lines. */
    public static final long EVERY_MS = 60_000;

    private final Logger log;
    private final String stage;
    private final String setting;
    private final long maxLagMs;
    private long skipped;
    private long lastReportMs = Long.MIN_VALUE;

    /**
     * @param log where the lines go (as warnings)
     * @param stage what the line calls the stage, e.g. "the anomaly stage"
     * @param setting the configuration key of its limit, e.g. "anomaly.maxLag"
     */
    public LateFrameReport(Logger log, String stage, String setting, long maxLagMs) {
        this.log = log;
        this.stage = stage;
        this.setting = setting;
        this.maxLagMs = maxLagMs;
    }

    /**
     * Counts {@code frames} skipped frames of {@code camera}, {@code lagMs} late, at {@code nowMs}; logs a line when
     * one is due (the first skip, then at most one a minute) and returns it, else returns null.
     */
    public String skipped(String camera, int frames, long lagMs, long nowMs) {
        skipped += frames;
        if (lastReportMs != Long.MIN_VALUE && nowMs - lastReportMs < EVERY_MS) {
            return null;
        }
        String since = lastReportMs == Long.MIN_VALUE ? "" : String.format(Locale.ROOT, " in the last %d s",
                (nowMs - lastReportMs) / 1000);
        String line = String.format(Locale.ROOT, "%s is behind its live cameras: %d late frames not scored%s (the last"
                + " of camera %s, %.1f s after it was decoded; %s is %.1f s). Give it more CPU or a GPU, fewer cameras"
                + " or a lower sampling rate, or raise %s.", stage, skipped, since, camera, lagMs / 1000.0, setting,
                maxLagMs / 1000.0, setting);
        skipped = 0;
        lastReportMs = nowMs;
        log.warn(line);
        return line;
    }
}
