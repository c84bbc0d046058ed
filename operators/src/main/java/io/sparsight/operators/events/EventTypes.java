package io.sparsight.operators.events;

/** The CloudEvents {@code type} values Sparsight emits. */
public final class EventTypes {

    /** A span of motion in a camera (the cheap first stage). */
    public static final String MOTION = "io.sparsight.motion";

    private EventTypes() {}
}
