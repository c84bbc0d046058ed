package io.sparsight.operators.events;

/** The CloudEvents {@code type} values Sparsight emits. */
public final class EventTypes {

    /** A span of motion in a camera (the cheap first stage). */
    public static final String MOTION = "io.sparsight.motion";

    /** A camera went online, offline, stalled, is reconnecting, ended, failed, is damaged, or its clock jumped. */
    public static final String CAMERA_STATUS = "io.sparsight.camera.status";

    /** A span of frames a camera's anomaly model could not predict (MemoryOut-style frame prediction). */
    public static final String ANOMALY = "io.sparsight.anomaly";

    /**
     * A span of frames a camera's video diffusion model could not predict: the second anomaly signal, with the
     * PSNR of the prediction and the camera's normal one.
     */
    public static final String PREDICTION = "io.sparsight.prediction";

    /**
     * Frames a camera lost (a gap in its stream) that the video diffusion model filled; the filled frames are flagged
     * synthetic.
     */
    public static final String REPAIR = "io.sparsight.repair";

    /** A moment of a camera's stream that matches a standing natural-language query (temporal grounding). */
    public static final String MOMENT = "io.sparsight.moment";

    /**
     * A track of a camera's object detector ended: its COCO class, when it was seen, its best detection, the zones it
     * visited and a compact path.
     */
    public static final String OBJECT = "io.sparsight.object";

    /** A track of a watched class entered a camera's zone, left it, or stayed in it for the zone's loiter time. */
    public static final String ZONE = "io.sparsight.zone";

    /** A control message that was refused (malformed, or naming nothing), with the reason: the dead letter. */
    public static final String REJECTED = "io.sparsight.rejected";

    /** Version of the data schemas; a change that breaks consumers gets a new one. */
    public static final int SCHEMA_VERSION = 1;

    private EventTypes() {}

    /**
     * The CloudEvents {@code dataschema} of a type: {@code urn:sparsight:schema:<type>:v1}, the {@code $id} of
     * docs/schemas/{@code <type>.v1.json}.
     */
    public static java.net.URI schemaOf(String type) {
        return java.net.URI.create("urn:sparsight:schema:" + type + ":v" + SCHEMA_VERSION);
    }
}
