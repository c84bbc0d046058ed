package io.sparsight.models.runtime;

/** A model artifact that cannot be used; the message says which and why, and what to do. */
public class ModelArtifactException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelArtifactException(String message) {
        super(message);
    }

    public ModelArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
