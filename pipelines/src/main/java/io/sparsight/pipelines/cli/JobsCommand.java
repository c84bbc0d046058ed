package io.sparsight.pipelines.cli;

import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code sparsight jobs list|cancel}: the jobs of a session cluster, through its REST endpoint. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List, stop or cancel the jobs of a Flink session cluster (the jobs 'submit' started).",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.StopJob.class, JobsCommand.CancelJob.class})
final class JobsCommand extends CommandGroup {
    /** The cluster's REST address. */
    static final class JobManager {
        @Option(names = "--jobmanager", required = true, paramLabel = "HOST:PORT",
                description = "the session cluster's REST address (deploy/local-cluster.sh: 127.0.0.1:8081)")
        String address;

        /** A client of the cluster, or null after saying on stderr what is wrong with the address. */
        RestClusterClient<StandaloneClusterId> client() throws Exception {
            HostPort rest = HostPort.parse(address);
            if (rest == null) {
                System.err.println("--jobmanager " + address + ": give the REST address as HOST:PORT, e.g. 127.0.0.1:8081.");
                return null;
            }
            Configuration conf = new Configuration();
            conf.set(RestOptions.ADDRESS, rest.host());
            conf.set(RestOptions.PORT, rest.port());
            conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
            return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the cluster's jobs, newest first.")
    static final class ListJobs implements Callable<Integer> {
        @Mixin
        JobManager jobManager;

        @Override
        public Integer call() throws Exception {
            RestClusterClient<StandaloneClusterId> client = jobManager.client();
            if (client == null) {
                return 2;
            }
            try (client) {
                Collection<JobStatusMessage> jobs = client.listJobs().get(30, TimeUnit.SECONDS);
                System.out.printf(Locale.ROOT, "  %-32s  %-12s  %-24s  %s%n", "JOB ID", "STATE", "STARTED", "NAME");
                jobs.stream().sorted(Comparator.comparingLong(JobStatusMessage::getStartTime).reversed())
                        .forEach(j -> System.out.printf(Locale.ROOT, "  %-32s  %-12s  %-24s  %s%n", j.getJobId(),
                                j.getJobState(), Instant.ofEpochMilli(j.getStartTime()), j.getJobName()));
                if (jobs.isEmpty()) {
                    System.out.println("  (no jobs)");
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                System.err.println("No answer from a Flink cluster at " + jobManager.address + " ("
                        + SubmitCommand.rootMessage(e) + "). Is a session cluster running there"
                        + " (deploy/local-cluster.sh status)?");
                return 1;
            }
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = {"Stop a job with a savepoint: its state and",
            "every event up to the savepoint committed; resume it with submit --from-savepoint PATH."})
    static final class StopJob extends OneJob {
        @Option(names = "--savepoint", required = true, paramLabel = "DIR",
                description = "folder (or URI) the cluster writes the savepoint under; every TaskManager must reach it")
        String savepointDir;

        @Override
        String doing() {
            return "stop with a savepoint";
        }

        @Override
        void act(RestClusterClient<StandaloneClusterId> client, JobID id) throws Exception {
            String target = savepointDir.contains("://") ? savepointDir
                    : CliPaths.resolve(java.nio.file.Path.of(savepointDir)).toAbsolutePath().toString();
            String path = client.stopWithSavepoint(id, false, target, SavepointFormatType.CANONICAL)
                    .get(10, TimeUnit.MINUTES);
            System.out.println("Stopped job " + id + " with a savepoint at " + path);
            System.out.println("Resume it with: ./sparsight submit --config FILE --jobmanager " + jobManager.address
                    + " --from-savepoint " + path);
        }
    }

    /** A command on one job of the cluster: the job id checked, a client made, the cluster's refusal said once. */
    abstract static class OneJob implements Callable<Integer> {
        @Mixin
        JobManager jobManager;

        @Parameters(paramLabel = "JOB_ID", description = "the job id 'submit' printed (or 'jobs list' shows)")
        String jobId;

        /** What the command asks of the cluster, for the error message ("cancel"). */
        abstract String doing();

        abstract void act(RestClusterClient<StandaloneClusterId> client, JobID id) throws Exception;

        @Override
        public Integer call() throws Exception {
            JobID id = jobId(jobId);
            if (id == null) {
                return 2;
            }
            RestClusterClient<StandaloneClusterId> client = jobManager.client();
            if (client == null) {
                return 2;
            }
            try (client) {
                act(client, id);
                return 0;
            } catch (java.util.concurrent.ExecutionException e) {
                System.err.println("The cluster at " + jobManager.address + " did not " + doing() + " " + id + ": "
                        + SubmitCommand.rootMessage(e));
                return 1;
            }
        }
    }

    /** The job id, or null after saying what a job id looks like. */
    static JobID jobId(String text) {
        try {
            return JobID.fromHexString(text);
        } catch (IllegalArgumentException e) {
            System.err.println(text + " is not a job id: 32 hexadecimal digits, as 'jobs list' shows them.");
            return null;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = {"Cancel a job. Events of its last",
            "completed checkpoint are committed; those after it are aborted (exactly-once)."})
    static final class CancelJob extends OneJob {
        @Override
        String doing() {
            return "cancel";
        }

        @Override
        void act(RestClusterClient<StandaloneClusterId> client, JobID id) throws Exception {
            client.cancel(id).get(60, TimeUnit.SECONDS);
            System.out.println("Cancelled job " + id + ".");
        }
    }
}
