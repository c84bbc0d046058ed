package io.sparsight.pipelines.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the CLI looks for files it is given. */
final class CliPaths {

    private CliPaths() {}

    /** Relative paths are taken from the current folder, then from the Sparsight home the launcher passes. */
    static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        String home = System.getProperty("sparsight.home");
        return home == null ? path : Path.of(home).resolve(path);
    }
}
