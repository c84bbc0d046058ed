package io.sparsight.operators.events;

/** The CloudEvents {@code type} values Sparsight emits. */
public final class EventTypes {

    /** A span of motion in a camera (the cheap first stage). */
    public static final String MOTION = "io.sparsight.motion";

    /** A camera went online, offline, stalled, is reconnecting, ended, failed, is damaged, or its clock jumped. */
    public static final String CAMERA_STATUS = "io.sparsight.camera.status";

    /** A span of frames a camera's anomaly model could not predict (MemoryOut-style frame prediction). */
    public static final String ANOMALY = "io.sparsight.anomaly";

    /** A moment of a camera's stream that matches a standing natural-language query (temporal grounding). */
    public static final String MOMENT = "io.sparsight.moment";

    /** A control message that was refused (malformed, or naming nothing), with the reason: the dead letter. */
    public static final String REJECTED = "io.sparsight.rejected";

    private EventTypes() {}
}
