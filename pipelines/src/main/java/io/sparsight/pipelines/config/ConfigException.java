package io.sparsight.pipelines.config;

/** A configuration that cannot be used; the message names the file, the line, the key and what to do. */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
