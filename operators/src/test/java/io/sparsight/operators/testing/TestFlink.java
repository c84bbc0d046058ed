package io.sparsight.operators.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A local Flink MiniCluster for operator tests: loopback only, no restarts (a failure fails the test). */
public final class TestFlink {

    private TestFlink() {}

    public static StreamExecutionEnvironment localEnvironment(int parallelism) {
        Configuration conf = new Configuration();
        conf.setString("rest.bind-address", "127.0.0.1");
        conf.setString("rest.address", "127.0.0.1");
        conf.setString("rest.port", "0");
        conf.setString("jobmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.bind-host", "127.0.0.1");
        conf.setString("taskmanager.host", "127.0.0.1");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        conf.setString("restart-strategy.type", "none");
        conf.setString("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * As {@link #localEnvironment(int)}, but a failure restarts the job from its last checkpoint (3 attempts, 200 ms
     * apart): for tests that fail a job on purpose to check what a restore keeps.
     */
    public static StreamExecutionEnvironment restartingEnvironment(int parallelism) {
        StreamExecutionEnvironment env = localEnvironment(parallelism);
        Configuration restarts = new Configuration();
        restarts.setString("restart-strategy.type", "fixed-delay");
        restarts.setString("restart-strategy.fixed-delay.attempts", "3");
        restarts.setString("restart-strategy.fixed-delay.delay", "200 ms");
        env.configure(restarts);
        return env;
    }
}
