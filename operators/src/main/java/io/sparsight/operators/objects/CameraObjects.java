package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one camera's detection stage looks for: the COCO classes it tracks, how often it may detect, how confident a
 * detection must be to start or confirm a track, and the camera's zones.
 *
 * @param classes  COCO class names; detections of other classes are dropped
 * @param fps      detections per second at most (motion decides whether a frame is looked at, see
 *                 {@link DetectionGate})
 * @param minScore a detection at least this confident starts a track; weaker ones (down to the stage's
 *                 {@link ObjectsConfig#weakScore()}) only keep confirmed tracks going
 * @param zones    the camera's zones
 * @param poses    whether the people it tracks carry their pose (the bundled MoveNet MultiPose, run on each detected
 *                 frame with a confirmed person in it)
 */
public record CameraObjects(List<String> classes, double fps, double minScore, List<Zone> zones, boolean poses)
        implements Serializable {

    /** Classes a street or walkway camera usually cares about. */
    public static final List<String> DEFAULT_CLASSES = List.of("person", "bicycle", "car", "motorcycle", "bus",
            "truck");

    public CameraObjects {
        classes = List.copyOf(classes);
        zones = List.copyOf(zones);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("objects.classes must name at least one COCO class");
        }
        for (String name : classes) {
            if (!CocoClasses.NAMES.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a COCO class; the detector knows: "
                        + String.join(", ", CocoClasses.NAMES));
            }
        }
        if (!(fps > 0 && fps <= 30)) {
            throw new IllegalArgumentException("objects.fps must be in (0, 30], got " + fps);
        }
        if (!(minScore > 0 && minScore < 1)) {
            throw new IllegalArgumentException("objects.minScore must be between 0 and 1, got " + minScore);
        }
        Set<String> names = new HashSet<>();
        for (Zone zone : zones) {
            if (!names.add(zone.name())) {
                throw new IllegalArgumentException("two zones are named '" + zone.name() + "'");
            }
            for (String name : zone.classes()) {
                if (!classes.contains(name)) {
                    throw new IllegalArgumentException("zone '" + zone.name() + "' watches '" + name
                            + "', which the camera does not track (objects.classes: " + classes + ")");
                }
            }
        }
        if (zones.size() > Long.SIZE) {
            throw new IllegalArgumentException("a camera has at most " + Long.SIZE + " zones, got " + zones.size());
        }
    }

    /** These settings without poses. */
    public CameraObjects(List<String> classes, double fps, double minScore, List<Zone> zones) {
        this(classes, fps, minScore, zones, false);
    }

    /** The default classes at 5 detections a second, tracks from 0.4, no zones, no poses. */
    public static CameraObjects defaults() {
        return new CameraObjects(DEFAULT_CLASSES, 5, 0.4, List.of(), false);
    }

    /** These settings, with people's poses or without. */
    public CameraObjects withPoses(boolean value) {
        return new CameraObjects(classes, fps, minScore, zones, value);
    }

    /** Whether detections of the class are kept. */
    public boolean tracks(int classId) {
        return classes.contains(CocoClasses.NAMES.get(classId));
    }

    /** Least time between two detections, ms. */
    public long intervalMs() {
        return Math.round(1000 / fps);
    }
}
