package io.sparsight.pipelines.jobs;

import io.sparsight.pipelines.config.ConfigException;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The job of a configuration as a plain Flink program, for Flink's own clients: the entry class of
 * {@code flink run -c io.sparsight.pipelines.jobs.SparsightJob sparsight-job.jar --config pipeline.yaml} and of a
 * FlinkDeployment or FlinkSessionJob ({@code job.entryClass}, application mode). The configuration file must be
 * readable where {@code main} runs (the client, or the JobManager in application mode: mount it); its
 * {@code kafka.bootstrapServers} must name a broker the cluster reaches. The cluster runs with Sparsight's natives
 * in Flink's {@code lib/} (sparsight-flink-lib.jar) and {@code classloader.resolve-order: parent-first}
 * (deploy/README.md).
 */
public final class SparsightJob {

    private SparsightJob() {}

    public static void main(String[] args) throws Exception {
        Path configFile = configArgument(args);
        JobSettings settings;
        try {
            settings = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the Sparsight configuration " + configFile + " cannot be used:"
                    + System.lineSeparator() + e.getMessage());
        }
        if (settings.kafka().embedded()) {
            throw new IllegalArgumentException(configFile + " has no kafka.bootstrapServers: a job on a Flink cluster"
                    + " needs a broker that the cluster reaches, e.g. 'kafka: { bootstrapServers: kafka:9092 }'");
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LocalFlink.jobOptions(ConfiguredJob.RESTART_ATTEMPTS));
        ConfiguredJob.configure(env, settings);
        ConfiguredJob.build(env, settings, settings.kafka().bootstrapServers(), System.out);
        env.execute(settings.name());
    }

    /** The value of {@code --config PATH} (or {@code --config=PATH}); an existing file. */
    static Path configArgument(String[] args) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                value = args[i].substring("--config=".length());
            }
        }
        if (value == null) {
            throw new IllegalArgumentException("usage: SparsightJob --config PIPELINE.yaml (a Sparsight job"
                    + " configuration, docs/configuration.md)");
        }
        Path path = Path.of(value).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--config " + value + ": no such file here (" + path + "); mount the"
                    + " configuration where the program's main runs");
        }
        return path;
    }
}
