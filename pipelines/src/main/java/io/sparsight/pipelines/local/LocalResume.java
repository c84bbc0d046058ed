package io.sparsight.pipelines.local;

import org.apache.flink.api.common.JobID;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How {@code sparsight run} survives the end of its own process, which is the local cluster's JobManager (killed,
 * crashed, or stopped with Ctrl-C): the job gets a fixed id made from its name, so its checkpoints always go to
 * {@code <job.checkpointDir>/<that id>/chk-N}, and the next {@code run} of the same job resumes from the newest
 * complete one there. Flink without high availability cannot do this itself: a new JobManager knows no old jobs.
 */
public final class LocalResume {

    /** Flink's key for a job id chosen by the client ({@code PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID}). */
    private static final String FIXED_JOB_ID = "$internal.pipeline.job-id";
    private static final String RECOVERY_PATH = "execution.state-recovery.path";
    /** A checkpoint whose state no longer maps to an operator (stages changed) is dropped, not fatal. */
    private static final String IGNORE_UNCLAIMED = "execution.state-recovery.ignore-unclaimed-state";

    private LocalResume() {}

    /** The same id for every run of the job named {@code jobName}. */
    public static JobID jobId(String jobName) {
        UUID uuid = UUID.nameUUIDFromBytes(("sparsight-job:" + jobName).getBytes(StandardCharsets.UTF_8));
        return new JobID(uuid.getLeastSignificantBits(), uuid.getMostSignificantBits());
    }

    /**
     * The newest complete checkpoint ({@code chk-N} with its {@code _metadata}) of the job under a local
     * checkpoint folder; empty when there is none or the folder is not on this machine's file system.
     */
    public static Optional<Path> latestCheckpoint(String checkpointDir, JobID job) {
        Path dir = localPath(checkpointDir);
        if (dir == null) {
            return Optional.empty();
        }
        Path jobDir = dir.resolve(job.toHexString());
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> children = Files.list(jobDir)) {
            return children.filter(p -> p.getFileName().toString().matches("chk-\\d+"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path localPath(String checkpointDir) {
        if (checkpointDir == null) {
            return null;
        }
        if (!checkpointDir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return Path.of(checkpointDir);
        }
        URI uri = URI.create(checkpointDir);
        return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
    }

    /** The Flink options of a run: its fixed id, and where it resumes from when {@code checkpoint} is given. */
    public static Map<String, String> options(JobID job, Optional<Path> checkpoint) {
        if (checkpoint.isEmpty()) {
            return Map.of(FIXED_JOB_ID, job.toHexString());
        }
        return Map.of(FIXED_JOB_ID, job.toHexString(), RECOVERY_PATH, checkpoint.get().toUri().toString(),
                IGNORE_UNCLAIMED, "true");
    }
}
