package io.sparsight.pipelines.config;

import java.util.List;

/**
 * A configuration that cannot be used: every problem found in it, one per line, each naming the file, the line,
 * the key and what to do.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String message) {
        this(List.of(message));
    }

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem on its own, in the order of the file. */
    public List<String> problems() {
        return problems;
    }
}
