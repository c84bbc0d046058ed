package io.sparsight.operators.objects;

import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.runtime.Devices;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.operators.frames.LateFrames;
import io.sparsight.operators.motion.MotionScorer;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of the object stage: the detector every camera with {@code objects} runs and where, how motion gates it,
 * how detections become tracks, when a quiet camera's tracks end, and each camera's own settings.
 *
 * @param model            {@code bundled:coco-nanodet} or a folder with a TF.js NanoDet graph ({@code model.json}
 *                         and its weights)
 * @param device           auto (a GPU when DJL sees one), cpu, gpu or gpu:N
 * @param batchSize        frames (of all cameras of a subtask) detected in one network call, at most
 * @param batchTimeoutMs   how long a frame waits for a fuller batch
 * @param motionThreshold  a frame is looked at when at least this fraction of a small grey copy of it changed since the
 *                         last frame looked at for motion
 * @param pixelThreshold   a pixel of that copy counts as changed when it differs by more than this (of 255)
 * @param heartbeatMs      a camera is looked at at least this often, motion or not, so a still object is not
 *                         forgotten and a parked car stays one track
 * @param weakScore        detections from this score keep confirmed tracks going (ByteTrack's second association)
 * @param matchIou         a track and a confident detection are the same object from this box overlap
 * @param minHits          matches that confirm a track
 * @param maxMisses        detections in a row that miss a confirmed track end it
 * @param idleCloseMs      a camera that sends no frame for this long has its tracks ended
 * @param maxLagMs         a live camera's frame that reaches the stage later than this after it was decoded is not
 *                         looked at ({@link LateFrames}); 0 looks at every frame the gate lets through
 * @param cameras          the cameras with the stage, by id, and their settings
 */
public record ObjectsConfig(String model, String device, int batchSize, long batchTimeoutMs, double motionThreshold,
        int pixelThreshold, long heartbeatMs,
        double weakScore, double matchIou, int minHits, int maxMisses, long idleCloseMs, long maxLagMs,
        Map<String, CameraObjects> cameras) implements Serializable {

    public static final String DEFAULT_MODEL = ModelStore.BUNDLED_PREFIX + DetectionModel.BUNDLED;

    public ObjectsConfig {
        if (!Devices.isValid(device)) {
            throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:N; got '" + device + "'");
        }
        if (batchSize < 1 || batchTimeoutMs < 0) {
            throw new IllegalArgumentException("object batching needs batchSize >= 1 and batchTimeout >= 0");
        }
        if (!(motionThreshold >= 0 && motionThreshold < 1)) {
            throw new IllegalArgumentException("objects.motionThreshold must be in [0, 1), got " + motionThreshold);
        }
        if (heartbeatMs < 100 || idleCloseMs <= 0) {
            throw new IllegalArgumentException("objects.heartbeat must be at least 100ms and idleClose more than 0");
        }
        if (!(weakScore > 0 && weakScore < 1)) {
            throw new IllegalArgumentException("objects.weakScore must be between 0 and 1, got " + weakScore);
        }
        new LateFrames(maxLagMs); // checks the limit
        cameras = new TreeMap<>(cameras);
        new ObjectTracker.Settings(0.5f, (float) matchIou, 0.5f, minHits, maxMisses, 0); // checks them
    }

    /**
     * The defaults: the bundled NanoDet on a GPU when there is one, batches of up to 4 frames or 100 ms; a frame
     * looked at when 0.1% of a 64x48 grey copy changed by more than 25, and every 10 s anyway; weak detections from
     * 0.2; tracks confirmed after 3 matches (IoU 0.3) and ended after 5 misses or 5 s without frames; live frames more
     * than 2 s late not looked at; no cameras.
     */
    public static ObjectsConfig defaults() {
        return new ObjectsConfig(DEFAULT_MODEL, "auto", 4, 100, 0.001, MotionScorer.DEFAULT_PIXEL_THRESHOLD, 10_000,
                0.2, 0.3,
                3, 5, 5_000, 2_000, Map.of());
    }

    /** These settings for {@code cameraSettings}. */
    public ObjectsConfig withCameras(Map<String, CameraObjects> cameraSettings) {
        return new ObjectsConfig(model, device, batchSize, batchTimeoutMs, motionThreshold, pixelThreshold,
                heartbeatMs, weakScore, matchIou, minHits, maxMisses, idleCloseMs, maxLagMs, cameraSettings);
    }

    public ObjectsConfig withModel(String value) {
        return new ObjectsConfig(value, device, batchSize, batchTimeoutMs, motionThreshold, pixelThreshold,
                heartbeatMs, weakScore, matchIou, minHits, maxMisses, idleCloseMs, maxLagMs, cameras);
    }

    public ObjectsConfig withBatching(int size, long timeoutMs) {
        return new ObjectsConfig(model, device, size, timeoutMs, motionThreshold, pixelThreshold, heartbeatMs,
                weakScore, matchIou, minHits, maxMisses, idleCloseMs, maxLagMs, cameras);
    }

    /** Which live frames come too late to be looked at. */
    public LateFrames lateFrames() {
        return new LateFrames(maxLagMs);
    }

    /** The tracker of a camera that starts tracks from {@code minScore}. */
    public ObjectTracker.Settings tracker(double minScore) {
        ObjectTracker.Settings base = ObjectTracker.Settings.defaults((float) minScore);
        return new ObjectTracker.Settings((float) minScore, (float) matchIou, base.weakMatchIou(), minHits, maxMisses,
                base.maxPredictionMs());
    }
}
