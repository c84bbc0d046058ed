package io.sparsight.pipelines.cli;

import io.sparsight.pipelines.config.ConfigException;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.config.JobSettings;

import java.nio.file.Path;

/** Loads a command's {@code --config}; a configuration that cannot be used is explained on stderr. */
final class ConfigFiles {

    private ConfigFiles() {}

    /** The checked settings, or null after printing what is wrong. */
    static JobSettings loadOrExplain(Path config) {
        try {
            return ConfigLoader.load(CliPaths.resolve(config));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }
}
