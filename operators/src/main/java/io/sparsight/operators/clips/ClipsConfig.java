package io.sparsight.operators.clips;

import io.sparsight.operators.events.EventTypes;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of the clip stage: where clips and snapshots go, how much footage around an event a clip has, how much
 * recent footage each camera keeps in memory to cut it from, how long the store keeps clips, and how many clips may
 * wait for the writer.
 *
 * @param store             folder or URI (file:///..., s3://..., hdfs://...) Flink can write; clips go to
 *                          {@code <store>/<camera>/<event id>.mp4}, snapshots beside them as {@code .jpg}
 * @param preRollMs         footage before the event's start
 * @param postRollMs        footage after the event's end; the clip waits for it
 * @param bufferMs          recent footage kept per camera to cut clips from (longer events get the latest part)
 * @param cameraBufferBytes at most this many bytes of frames kept per camera
 * @param totalBufferBytes  at most this many bytes of frames kept by one subtask for all its cameras
 * @param maxAgeMs          clips and snapshots older than this are deleted
 * @param maxStoreBytes     the oldest clips are deleted while the store holds more than this
 * @param writerThreads     threads (per subtask) that encode and write clips
 * @param queueCapacity     clips that may wait for a writer; events beyond it go out without a clip, counted
 * @param types             the event types that get clips
 * @param cameras           the cameras with clips
 */
public record ClipsConfig(String store, long preRollMs, long postRollMs, long bufferMs, long cameraBufferBytes,
        long totalBufferBytes, long maxAgeMs, long maxStoreBytes, int writerThreads, int queueCapacity,
        Set<String> types, Set<String> cameras) implements Serializable {

    private static final long MB = 1024L * 1024;

    /** The event types that may have clips: every one with a span or a moment of a camera's footage. */
    public static final Set<String> CLIPPABLE_TYPES = Set.of(EventTypes.MOTION, EventTypes.ANOMALY,
            EventTypes.PREDICTION, EventTypes.MOMENT, EventTypes.OBJECT, EventTypes.ZONE);

    public ClipsConfig {
        if (store == null || store.isBlank()) {
            throw new IllegalArgumentException("clips.store must name a folder or URI");
        }
        if (preRollMs < 0 || postRollMs < 0 || bufferMs <= 0) {
            throw new IllegalArgumentException("clips.preRoll and postRoll must be at least 0 and buffer more than 0");
        }
        if (cameraBufferBytes <= 0 || totalBufferBytes < cameraBufferBytes) {
            throw new IllegalArgumentException("clips.cameraBuffer must be more than 0 and totalBuffer at least"
                    + " cameraBuffer");
        }
        if (maxAgeMs <= 0 || maxStoreBytes <= 0) {
            throw new IllegalArgumentException("clips.maxAge and maxStoreSize must be more than 0");
        }
        if (writerThreads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("clips.writerThreads and queueCapacity must be at least 1");
        }
        for (String type : types) {
            if (!CLIPPABLE_TYPES.contains(type)) {
                throw new IllegalArgumentException("clips.types: " + type + " has no footage to clip; one of "
                        + new TreeSet<>(CLIPPABLE_TYPES));
            }
        }
        types = Set.copyOf(types);
        cameras = Set.copyOf(cameras);
    }

    /**
     * The defaults: a local folder {@code clips}; 3 s before and after each event; 30 s (at most 64 MiB) of footage
     * per camera and 512 MiB per subtask; clips kept 7 days and 10 GiB at most; one writer thread with 8 clips
     * waiting; anomaly, prediction, moment, object and zone events (not motion: every busy minute has some); no
     * cameras.
     */
    public static ClipsConfig defaults() {
        return new ClipsConfig("clips", 3_000, 3_000, 30_000, 64 * MB, 512 * MB, 7L * 24 * 3_600_000,
                10_240 * MB, 1, 8, Set.of(EventTypes.ANOMALY, EventTypes.PREDICTION, EventTypes.MOMENT,
                        EventTypes.OBJECT, EventTypes.ZONE), Set.of());
    }

    /** These settings for {@code clipCameras}. */
    public ClipsConfig withCameras(Set<String> clipCameras) {
        return new ClipsConfig(store, preRollMs, postRollMs, bufferMs, cameraBufferBytes, totalBufferBytes, maxAgeMs,
                maxStoreBytes, writerThreads, queueCapacity, types, clipCameras);
    }

    public ClipsConfig withStore(String value) {
        return new ClipsConfig(value, preRollMs, postRollMs, bufferMs, cameraBufferBytes, totalBufferBytes, maxAgeMs,
                maxStoreBytes, writerThreads, queueCapacity, types, cameras);
    }

    public ClipsConfig withTypes(Set<String> value) {
        return new ClipsConfig(store, preRollMs, postRollMs, bufferMs, cameraBufferBytes, totalBufferBytes, maxAgeMs,
                maxStoreBytes, writerThreads, queueCapacity, value, cameras);
    }

    /** Whether events of {@code type} from {@code camera} get clips. */
    public boolean clips(String camera, String type) {
        return cameras.contains(camera) && types.contains(type);
    }
}
