package io.sparsight.pipelines.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Map;

/**
 * A Flink MiniCluster in this JVM, every endpoint bound to 127.0.0.1, for the demo, {@code run} and integration
 * tests.
 */
public final class LocalFlink {

    private LocalFlink() {}

    /**
     * What every Sparsight job asks of the cluster it runs on, MiniCluster or session cluster: no Kryo fallback, a
     * fixed-delay restart strategy.
     */
    public static Configuration jobOptions(int restartAttempts) {
        Configuration conf = new Configuration();
        // Every type that crosses the job is a POJO; a Kryo fallback is a bug and fails the job at once.
        conf.setString("pipeline.generic-types", "false");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", Integer.toString(restartAttempts));
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        return conf;
    }

    /** The configuration of the local cluster: loopback only, small memory, and the {@link #jobOptions}. */
    public static Configuration configuration(int parallelism, int restartAttempts) {
        Configuration conf = jobOptions(restartAttempts);
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("jobmanager.rpc.address", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.port", "0");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(Math.max(1, parallelism)));
        conf.setString("parallelism.default", Integer.toString(parallelism));
        conf.setString("taskmanager.memory.network.min", "64m");
        conf.setString("taskmanager.memory.network.max", "64m");
        conf.setString("taskmanager.memory.managed.size", "64m");
        // Accumulators (the CLI's progress bar) travel with heartbeats: every second, not every ten.
        conf.setString("heartbeat.interval", "1000");
        conf.setString("heartbeat.timeout", "30000");
        return conf;
    }

    /** An environment on a fresh local cluster with exactly-once checkpoints every {@code checkpointInterval}. */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval, int restartAttempts) {
        return environment(parallelism, checkpointInterval, restartAttempts, null);
    }

    /**
     * As {@link #environment(int, Duration, int)}, with every metric served for Prometheus on
     * {@code 127.0.0.1:prometheusPort} ({@code /metrics}) when the port is not null.
     */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval,
            int restartAttempts, Integer prometheusPort) {
        return environment(parallelism, checkpointInterval, restartAttempts, prometheusPort, Map.of());
    }

    /** As {@link #environment(int, Duration, int, Integer)}, with more Flink options for the job (e.g. where it resumes). */
    public static StreamExecutionEnvironment environment(int parallelism, Duration checkpointInterval,
            int restartAttempts, Integer prometheusPort, Map<String, String> jobOptions) {
        Configuration conf = configuration(parallelism, restartAttempts);
        jobOptions.forEach(conf::setString);
        if (prometheusPort != null) {
            conf.setString("metrics.reporters", "prom");
            conf.setString("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory");
            conf.setString("metrics.reporter.prom.host", "127.0.0.1");
            conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointInterval.toMillis());
        return env;
    }
}
