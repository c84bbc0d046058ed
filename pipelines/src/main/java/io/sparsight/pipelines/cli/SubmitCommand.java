package io.sparsight.pipelines.cli;

import io.sparsight.operators.secrets.SecretReferences;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.jobs.ConfiguredJob;
import io.sparsight.pipelines.local.KafkaCheck;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code sparsight submit}: the job of a configuration, submitted to a running Flink session cluster through its
 * REST endpoint, detached. The cluster runs Sparsight's jar on its own classpath (deploy/local-cluster.sh does): the
 * natives of DJL, JavaCV and the tokenizers can load only once per JVM, so they cannot come with each job.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Submit the job of a YAML configuration to a Flink session cluster that has Sparsight's jar on",
                "its classpath (deploy/local-cluster.sh start), detached. Events go to the configuration's Kafka",
                "(kafka.bootstrapServers; ./sparsight kafka runs one); follow them with ./sparsight events tail."})
final class SubmitCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML job configuration")
    Path config;

    @Option(names = "--jobmanager", required = true, paramLabel = "HOST:PORT",
            description = "the session cluster's REST address (deploy/local-cluster.sh: 127.0.0.1:8081)")
    String jobManager;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "start from this savepoint (or retained checkpoint), e.g. the one 'jobs stop' printed")
    String fromSavepoint;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = ConfigFiles.loadOrExplain(config);
        if (settings == null) {
            return 2;
        }
        if (settings.kafka().embedded()) {
            System.err.println(config + " has no kafka.bootstrapServers: a submitted job needs a broker that the cluster"
                    + " and you can reach. Start one with ./sparsight kafka (127.0.0.1:9092) and add"
                    + " 'kafka: { bootstrapServers: 127.0.0.1:9092 }' to the configuration.");
            return 2;
        }
        HostPort rest = HostPort.parse(jobManager);
        if (rest == null) {
            System.err.println("--jobmanager " + jobManager + ": give the REST address as HOST:PORT, e.g. 127.0.0.1:8081.");
            return 2;
        }
        // the job's Kafka as the cluster will see it; references this process cannot resolve are the cluster's own
        Properties client = settings.kafka().client(settings.kafka().bootstrapServers());
        if (SecretReferences.missing(settings.kafka().properties(), System.getenv()::get) == null) {
            String problem = KafkaCheck.problem(client, java.time.Duration.ofSeconds(15));
            if (problem != null) {
                System.err.println(problem);
                return 1;
            }
        }
        Configuration jobOptions = LocalFlink.jobOptions(ConfiguredJob.RESTART_ATTEMPTS);
        if (fromSavepoint != null) {
            jobOptions.setString("execution.state-recovery.path", fromSavepoint);
        }
        // a cluster that is not there should be said at once, not after Flink's 20 retries
        jobOptions.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
        jobOptions.set(RestOptions.RETRY_DELAY, java.time.Duration.ofSeconds(1));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createRemoteEnvironment(rest.host(), rest.port(), jobOptions);
        ConfiguredJob.configure(env, settings);
        System.out.println("Submitting '" + settings.name() + "' (" + settings.cameras().size() + " camera(s)) to "
                + jobManager + "; events to " + settings.kafka().bootstrapServers()
                + (fromSavepoint == null ? "" : "; from savepoint " + fromSavepoint));
        ConfiguredJob.build(env, settings, settings.kafka().bootstrapServers(), System.out);
        JobClient job;
        try {
            job = env.executeAsync(settings.name());
        } catch (Exception e) {
            System.err.println("The cluster at " + jobManager + " did not take the job: " + rootMessage(e)
                    + ". Is a session cluster running there (deploy/local-cluster.sh status)?");
            return 1;
        }
        System.out.println("Submitted: job " + job.getJobID() + ". Follow its events with: ./sparsight events tail"
                + " --config " + config + "; cancel it with: ./sparsight jobs cancel " + job.getJobID()
                + " --jobmanager " + jobManager);
        return 0;
    }

    /** The innermost cause, as {@code SimpleName: message}. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
