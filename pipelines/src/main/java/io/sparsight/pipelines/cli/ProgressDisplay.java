package io.sparsight.pipelines.cli;

import io.sparsight.operators.frames.CameraProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.flink.core.execution.JobClient;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a bounded job over files, on stderr: frames read of all cameras, from the job's
 * {@link CameraProgress} accumulator, polled while the job runs. A progress bar on a terminal; a line per 10%
 * otherwise (logs, CI).
 */
final class ProgressDisplay {

    /** Frames read, frames in total, cameras done, cameras. */
    record Snapshot(long read, long total, int done, int cameras) {}

    private ProgressDisplay() {}

    /** Polls until the job is over; returns then. */
    static void follow(JobClient job, PrintStream err) throws InterruptedException {
        if (System.console() != null) {
            followWithBar(job, err);
        } else {
            followWithLines(job, err);
        }
    }

    private static void followWithBar(JobClient job, PrintStream err) throws InterruptedException {
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("frames")
                .setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .continuousUpdate()
                .build()) {
            boolean running = true;
            while (running) {
                running = isRunning(job);
                Snapshot s = snapshot(job);
                if (s != null) {
                    bar.maxHint(s.total());
                    bar.stepTo(s.read());
                    bar.setExtraMessage(s.done() + "/" + s.cameras() + " cameras done");
                }
                Thread.sleep(500);
            }
        }
    }

    private static void followWithLines(JobClient job, PrintStream err) throws InterruptedException {
        String lastPrinted = "";
        boolean running = true;
        while (running) {
            running = isRunning(job);
            Snapshot s = running ? snapshot(job) : finalSnapshot(job);
            if (s != null && s.total() > 0) {
                // a line per 10% of the frames, and whenever another camera is done
                long tenth = s.read() * 10 / s.total();
                String key = tenth + "/" + s.done();
                if (!key.equals(lastPrinted)) {
                    err.printf("  %3d%%  %d/%d frames, %d/%d cameras done%n",
                            tenth * 10, s.read(), s.total(), s.done(), s.cameras());
                    lastPrinted = key;
                }
            }
            if (running) {
                Thread.sleep(500);
            }
        }
    }

    /** The accumulators of a finished job (the last poll may have come before its cameras were marked done). */
    private static Snapshot finalSnapshot(JobClient job) {
        try {
            return snapshotOf(job.getJobExecutionResult().get(10, TimeUnit.SECONDS).getAllAccumulatorResults());
        } catch (Exception failedOrGone) {
            return null;
        }
    }

    /** False once the job is over; a local cluster that already shut down means it is. */
    private static boolean isRunning(JobClient job) {
        try {
            return !job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (Exception clusterGone) {
            return false;
        }
    }

    private static Snapshot snapshot(JobClient job) {
        try {
            return snapshotOf(job.getAccumulators().get(5, TimeUnit.SECONDS));
        } catch (Exception finishedOrBusy) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Snapshot snapshotOf(Map<String, Object> accumulators) {
        Object value = accumulators.get(CameraProgress.NAME);
        if (!(value instanceof TreeMap<?, ?> byCamera)) {
            return null;
        }
        long read = 0;
        long total = 0;
        int done = 0;
        for (long[] v : ((TreeMap<String, long[]>) byCamera).values()) {
            long cameraTotal = Math.max(v[1], v[0]);
            total += cameraTotal;
            read += v[2] == 1 ? cameraTotal : v[0];
            done += (int) v[2];
        }
        return new Snapshot(read, total, done, byCamera.size());
    }
}
