package io.sparsight.operators.source;

/**
 * At most one {@code discontinuity} status per camera every {@link #INTERVAL_MS}: the first jump of its timestamps is
 * reported at once, later ones are added up and reported together once the interval has passed, so a stream whose
 * timestamps jump on every frame cannot flood the status topic. Flink-free; one per camera thread.
 */
final class DiscontinuityReports {

    /** The least time between two reports of one camera. */
    static final long INTERVAL_MS = 5_000;

    /** What to report: {@code jumps} timestamp jumps adding up to {@code totalMs}. */
    record Report(int jumps, long totalMs) {
        String reason() {
            return jumps == 1 ? "timestamps jumped by " + totalMs + " ms; re-based so time keeps running forward"
                    : "timestamps jumped " + jumps + " times, by " + totalMs + " ms in all, in the last "
                            + (INTERVAL_MS / 1000) + " s or more; re-based so time keeps running forward";
        }
    }

    private long lastReportWallMs = Long.MIN_VALUE;
    private int pendingJumps;
    private long pendingMs;

    /**
     * Called for every frame with the jump before it (0: none).
     *
     * @return the report due now, or null
     */
    Report frame(long jumpMs, long wallMs) {
        if (jumpMs != 0) {
            pendingJumps++;
            pendingMs += jumpMs;
        }
        if (pendingJumps == 0 || lastReportWallMs != Long.MIN_VALUE && wallMs - lastReportWallMs < INTERVAL_MS) {
            return null;
        }
        Report report = new Report(pendingJumps, pendingMs);
        pendingJumps = 0;
        pendingMs = 0;
        lastReportWallMs = wallMs;
        return report;
    }
}
