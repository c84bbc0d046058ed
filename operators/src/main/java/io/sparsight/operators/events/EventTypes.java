package io.sparsight.operators.events;

/** The CloudEvents {@code type} values Sparsight emits. */
public final class EventTypes {

    /** A span of motion in a camera (the cheap first stage). */
    public static final String MOTION = "io.sparsight.motion";

    /** A camera went online, offline, stalled, is reconnecting, ended, failed, is damaged, or its clock jumped. */
    public static final String CAMERA_STATUS = "io.sparsight.camera.status";

    private EventTypes() {}
}
