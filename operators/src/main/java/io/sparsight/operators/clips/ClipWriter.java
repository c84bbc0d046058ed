package io.sparsight.operators.clips;

import io.sparsight.operators.frames.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes and stores clips on its own threads, off the camera's path: a bounded queue, and a clip that finds it full
 * is refused (the caller sends its event without a clip and counts it). A clip that cannot be written (the store is
 * full or unreachable) comes back as a {@link ClipData#missing} with the reason; retention runs after a write at most
 * once a minute.
 */
public final class ClipWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClipWriter.class);
    private static final long RETENTION_EVERY_MS = 60_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * One clip to write: the event's id and camera, its frames, the snapshot's frame and boxes, and for a prediction
     * event the diffusion stage's predictions of its frames (empty otherwise).
     */
    public record Job(String eventId, String camera, List<VideoFrame> frames, VideoFrame peak,
            List<ClipSpan.Box> boxes, long askedStartMs, List<VideoFrame> predictions) {

        public Job(String eventId, String camera, List<VideoFrame> frames, VideoFrame peak, List<ClipSpan.Box> boxes,
                long askedStartMs) {
            this(eventId, camera, frames, peak, boxes, askedStartMs, List.of());
        }
    }

    private final ClipsConfig config;
    private final ClipStore store;
    private final ThreadPoolExecutor executor;
    private final AtomicLong lastRetentionMs = new AtomicLong();

    public ClipWriter(ClipsConfig config) {
        this.config = config;
        this.store = new ClipStore(config.store());
        this.executor = new ThreadPoolExecutor(config.writerThreads(), config.writerThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), runnable -> {
                    Thread thread = new Thread(runnable, "clip-writer-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Queues {@code job}; empty when the queue is full. */
    public Optional<Future<ClipData>> submit(Job job) {
        try {
            return Optional.of(executor.submit(() -> write(job)));
        } catch (RejectedExecutionException e) {
            return Optional.empty();
        }
    }

    /** Encodes and stores {@code job} on the calling thread. */
    public ClipData write(Job job) {
        String clipName = job.eventId() + ".mp4";
        String snapshotName = job.eventId() + ".jpg";
        String predictedName = job.eventId() + "-predicted.mp4";
        File local = null;
        try {
            if (job.frames().isEmpty() || job.frames().get(0).captureTimeMs > job.askedStartMs()) {
                // after a restore the ring may hold only the clip's tail: keep a complete clip written before
                if (store.exists(job.camera(), clipName)) {
                    return new ClipData(store.uriOf(job.camera(), clipName), store.exists(job.camera(), snapshotName)
                            ? store.uriOf(job.camera(), snapshotName) : null, null, null, null,
                            store.exists(job.camera(), predictedName) ? store.uriOf(job.camera(), predictedName)
                                    : null, null);
                }
            }
            if (job.frames().isEmpty()) {
                return ClipData.missing("no footage of the event was buffered (the camera's buffer holds "
                        + config.bufferMs() / 1000 + " s; after a restore it starts empty)");
            }
            local = File.createTempFile("sparsight-clip-", ".mp4");
            ClipEncoder.Encoded encoded;
            try {
                encoded = ClipEncoder.encode(job.frames(), local);
            } catch (IOException | RuntimeException e) {
                LOG.warn("clip of event {} (camera {}) not encoded: {}", job.eventId(), job.camera(), e.getMessage());
                return ClipData.missing("the clip could not be encoded: " + e.getMessage());
            }
            String clipUri = store.put(job.camera(), clipName, local);
            String snapshotUri = store.put(job.camera(), snapshotName, Snapshots.jpeg(job.peak(), job.boxes()));
            String predictedUri = writePredicted(job, predictedName, local);
            retainNowAndThen();
            return ClipData.written(clipUri, snapshotUri, encoded.firstMs(), encoded.lastMs(), encoded.frames(),
                    predictedUri);
        } catch (IOException | RuntimeException e) {
            String reason = failure(e);
            LOG.warn("clip of event {} (camera {}) not written: {}", job.eventId(), job.camera(), reason);
            return ClipData.missing(reason);
        } finally {
            if (local != null && !local.delete()) {
                local.deleteOnExit();
            }
        }
    }

    /**
     * The comparison clip of a prediction event (each real frame beside its prediction), encoded into {@code local}
     * (the event's clip is stored already); null when the event has no predictions.
     */
    private String writePredicted(Job job, String name, File local) throws IOException {
        List<VideoFrame> frames = SideBySide.of(job.frames(), job.predictions());
        if (frames.isEmpty()) {
            return null;
        }
        try {
            ClipEncoder.encode(frames, local);
        } catch (IOException | RuntimeException e) {
            LOG.warn("comparison clip of event {} (camera {}) not encoded: {}", job.eventId(), job.camera(),
                    e.getMessage());
            return null;
        }
        return store.put(job.camera(), name, local);
    }

    /** Runs retention now (also called by the writer after a write, at most once a minute). */
    public ClipStore.Retention retain() throws IOException {
        lastRetentionMs.set(System.currentTimeMillis());
        ClipStore.Retention retention = store.enforce(System.currentTimeMillis(), config.maxAgeMs(),
                config.maxStoreBytes());
        if (retention.deleted() > 0) {
            LOG.info("clip store {}: retention deleted {} files ({} bytes); {} files, {} bytes kept", store.root(),
                    retention.deleted(), retention.freedBytes(), retention.keptFiles(), retention.keptBytes());
        }
        return retention;
    }

    public ClipStore store() {
        return store;
    }

    private void retainNowAndThen() throws IOException {
        long last = lastRetentionMs.get();
        long now = System.currentTimeMillis();
        if (now - last >= RETENTION_EVERY_MS && lastRetentionMs.compareAndSet(last, now)) {
            retain();
        }
    }

    private String failure(Exception e) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e;
        while (cause != null) {
            if (String.valueOf(cause.getMessage()).contains("No space left")) {
                return "clip store " + store.root() + " is full: " + message;
            }
            cause = cause.getCause();
        }
        return "clip store " + store.root() + " cannot be written: " + message;
    }

    /** Whether {@code clip} failed because of the store (full or unwritable) rather than this clip. */
    public static boolean isStoreFailure(ClipData clip) {
        return !clip.isWritten() && clip.error() != null && clip.error().startsWith("clip store ");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
