package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.jobs.ConfiguredJob;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.KafkaCheck;
import io.sparsight.pipelines.local.LocalFlink;
import io.sparsight.pipelines.local.LocalResume;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a configured job on a Flink MiniCluster in this process, with the embedded Kafka broker or an external
 * one. Over files it shows a progress bar and ends when they are read; with the embedded broker it then prints
 * the events read back. With live cameras it runs until stopped (Ctrl-C). With job.checkpointDir it resumes from the
 * last checkpoint an earlier run of the same job left there ({@link LocalResume}).
 */
final class LocalJobRunner {

    /** Restarts a job over files gets on the MiniCluster before it fails (a live job: JobSettings.Restarts). */
    static final int RESTART_ATTEMPTS = 3;

    private LocalJobRunner() {}

    /** @return the exit code */
    static int run(JobSettings settings, PrintStream out, PrintStream err, boolean showProgress) throws Exception {
        return run(settings, out, err, showProgress, null, false);
    }

    /**
     * @param prometheusPort serve the job's metrics for Prometheus on 127.0.0.1 at this port; null: not at all
     * @param resume start from the last checkpoint an earlier run of this job left in job.checkpointDir, if any
     */
    static int run(JobSettings settings, PrintStream out, PrintStream err, boolean showProgress,
            Integer prometheusPort, boolean resume) throws Exception {
        EventTopics topics = settings.kafka().topics();
        EmbeddedKafka embedded = null;
        try {
            String bootstrap;
            if (settings.kafka().embedded()) {
                embedded = EmbeddedKafka.start();
                embedded.createTopics(topics.allTopics());
                if (settings.grounding().enabled()) {
                    embedded.createTopics(List.of(settings.grounding().queryTopic()), EventTopics.CONTROL_PARTITIONS);
                }
                bootstrap = embedded.bootstrapServers();
                out.println("  Kafka broker (in-process) at " + bootstrap);
            } else {
                bootstrap = settings.kafka().bootstrapServers();
                String problem = KafkaCheck.problem(settings.kafka().client(bootstrap), Duration.ofSeconds(15));
                if (problem != null) {
                    err.println(problem);
                    return 1;
                }
                out.println("  Kafka at " + bootstrap);
            }
            JobID jobId = LocalResume.jobId(settings.name());
            // with the embedded broker the events of the earlier run, and its open transactions, are gone with it
            Optional<Path> checkpoint = resume && embedded == null
                    ? LocalResume.latestCheckpoint(settings.state().checkpointDir(), jobId) : Optional.empty();
            checkpoint.ifPresent(c -> out.println("  Resuming from " + c + ", the last checkpoint of an earlier run"
                    + " of '" + settings.name() + "' (--fresh starts over)"));
            StreamExecutionEnvironment env =
                    LocalFlink.environment(settings.parallelism(), settings.checkpointInterval(), RESTART_ATTEMPTS,
                            prometheusPort, LocalResume.options(jobId, checkpoint));
            ConfiguredJob.configure(env, settings);
            if (prometheusPort != null) {
                out.println("  Prometheus metrics at http://127.0.0.1:" + prometheusPort + "/metrics");
            }
            ConfiguredJob.build(env, settings, bootstrap, out);
            long started = System.nanoTime();
            JobClient job = env.executeAsync(settings.name());
            if (settings.allCamerasEnd()) {
                out.println("  Flink MiniCluster: reading " + settings.cameras().size() + " camera(s) to the end ...");
                if (showProgress) {
                    ProgressDisplay.follow(job, err);
                }
            } else {
                out.println("  Flink MiniCluster: running until stopped (Ctrl-C); events go to "
                        + String.join(", ", topics.allTopics()));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> job.cancel().join()));
            }
            job.getJobExecutionResult().get();
            double jobSeconds = (System.nanoTime() - started) / 1e9;
            if (embedded == null) {
                out.printf("Job finished in %.1f s; events are in %s at %s%n", jobSeconds,
                        String.join(", ", topics.allTopics()), bootstrap);
                return 0;
            }
            return printEvents(embedded, topics, jobSeconds, out);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static int printEvents(EmbeddedKafka kafka, EventTopics topics, double jobSeconds, PrintStream out) {
        List<EventRecord> events = CommittedEventReader.readAll(kafka.bootstrapServers(), topics.allTopics(),
                Duration.ofSeconds(30));
        out.println();
        out.println("Events read back from Kafka (" + String.join(", ", topics.allTopics())
                + ", isolation.level=read_committed):");
        out.println();
        EventTable.print(events, out);
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.id));
        out.println();
        out.printf("%d event(s), %d distinct id(s)%s; job %.1f s%n", events.size(), ids.size(),
                ids.size() == events.size() ? ", each exactly once" : " (DUPLICATES)", jobSeconds);
        return ids.size() == events.size() ? 0 : 1;
    }
}
