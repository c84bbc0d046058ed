package io.sparsight.pipelines.cli;

import io.sparsight.pipelines.config.JobSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparsight run --config F}: the configured job on a Flink MiniCluster in this process. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the job of a YAML configuration on a local Flink MiniCluster.",
                "Over files: a progress bar, then (with kafka.bootstrapServers: embedded) the events read back.",
                "With live cameras: runs until Ctrl-C.",
                "With job.checkpointDir, a run after one that did not finish (killed, crashed, Ctrl-C) resumes from",
                "the last checkpoint it left there; --fresh starts over."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "YAML configuration (see docs/configuration.md)")
    Path config;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "serve the job's metrics for Prometheus at http://127.0.0.1:PORT/metrics while it runs")
    Integer prometheusPort;

    @Option(names = "--fresh", description = "start over: do not resume from the last checkpoint an earlier run of"
            + " this job left in job.checkpointDir")
    boolean fresh;

    @Override
    public Integer call() throws Exception {
        JobSettings settings = ConfigFiles.loadOrExplain(config);
        if (settings == null) {
            return 2;
        }
        System.out.println("Sparsight run: job '" + settings.name() + "', " + settings.cameras().size() + " camera(s)");
        return LocalJobRunner.run(settings, System.out, System.err, !noProgress, prometheusPort, !fresh);
    }
}
