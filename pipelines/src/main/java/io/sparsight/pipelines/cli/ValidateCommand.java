package io.sparsight.pipelines.cli;

import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.config.JobSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sparsight validate --config F}: checks a configuration as a whole without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a YAML configuration: unknown keys, values, files. Exit 0 if it is usable, 2 if not.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, description = "YAML configuration (see docs/configuration.md)")
    Path config;

    @Override
    public Integer call() {
        JobSettings settings = ConfigFiles.loadOrExplain(config);
        if (settings == null) {
            return 2;
        }
        System.out.println("OK: job '" + settings.name() + "', parallelism " + settings.parallelism()
                + ", checkpoints every " + settings.checkpointInterval().toMillis() + " ms, "
                + settings.kafka().guarantee() + " to "
                + (settings.kafka().embedded() ? "the embedded broker" : settings.kafka().bootstrapServers()));
        settings.kafka().properties().forEach((key, value) ->
                System.out.println("  kafka." + key + " = " + KafkaClientProperties.shown(key, value)));
        for (CameraSpec camera : settings.cameras()) {
            System.out.println("  camera " + camera.id() + ": " + camera.kind().name().toLowerCase().replace('_', ' ')
                    + " " + camera.displayUrl() + ", " + camera.sampling() + ", " + camera.width() + "x" + camera.height());
        }
        return 0;
    }
}
