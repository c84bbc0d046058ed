package io.sparsight.operators.source;

import java.util.Objects;

/**
 * One message of a job's camera control topic: add a camera (or change the one with the same id), or remove one.
 *
 * @param camera the camera to add, with all its settings; null for a removal
 * @param cameraId the camera's id (for an addition, the camera's own)
 */
public record CameraChange(CameraSpec camera, String cameraId) {

    public CameraChange {
        Objects.requireNonNull(cameraId, "cameraId");
    }

    public static CameraChange add(CameraSpec camera) {
        return new CameraChange(camera, camera.id());
    }

    public static CameraChange remove(String cameraId) {
        return new CameraChange(null, cameraId);
    }

    public boolean isAdd() {
        return camera != null;
    }
}
