package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Random;

/**
 * Keeps one live camera flowing on its own thread: connect, decode, sample, hand frames over (dropping the oldest
 * when processing falls behind); when the stream ends, errors or stalls, report it and reconnect with exponential
 * backoff and jitter. Every open and read is bounded by FFmpeg's timeouts, so the thread never blocks for longer
 * and stops within one timeout of {@link #stop()}.
 */
final class LiveCameraLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCameraLoop.class);

    private final CameraSpec camera;
    private final long streamStartMs;
    private final HandOverQueue queue;
    private final long lastKeptSlotAtStart;
    private volatile boolean stopped;
    /** The decoder of the session in progress, so that {@link #stop()} can end a blocked read. */
    private volatile CameraDecoder current;
    private Thread thread;

    private long framesDecoded;
    private long lastOffsetMs = -1;
    private long lastFrameWallMs = -1;
    private long lastDamageReportWallMs = -1;
    private long damageReported;
    private final DiscontinuityReports discontinuities = new DiscontinuityReports();

    LiveCameraLoop(CameraSpec camera, long streamStartMs, long lastKeptSlot, HandOverQueue queue) {
        this.camera = camera;
        this.streamStartMs = streamStartMs;
        this.lastKeptSlotAtStart = lastKeptSlot;
        this.queue = queue;
    }

    void start() {
        thread = new Thread(this, "sparsight-camera-" + camera.id());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        CameraDecoder decoder = current;
        if (decoder != null) {
            decoder.abort(); // a network camera's blocked read ends now (its watchdog), not after a timeout
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Waits for the thread to end, at most {@code millis}; true if it ended. */
    boolean join(long millis) throws InterruptedException {
        if (thread == null) {
            return true;
        }
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void run() {
        LiveSettings settings = camera.live();
        Backoff backoff = new Backoff(settings.backoffInitialMs(), settings.backoffMaxMs(), new Random());
        int failedAttempts = 0;
        try (FrameSampler sampler = new FrameSampler(camera.sampling(), lastKeptSlotAtStart)) {
            while (!stopped) {
                if (failedAttempts > 0) {
                    long delay = backoff.nextDelayMs();
                    CameraStatus reconnecting = status(CameraStatus.RECONNECTING,
                            "reconnecting in " + delay + " ms (attempt " + failedAttempts + ")");
                    reconnecting.attempt = failedAttempts;
                    queue.put(ReaderItem.status(reconnecting));
                    if (!sleep(delay)) {
                        break;
                    }
                }
                long upMs;
                try {
                    upMs = session(sampler);
                } catch (RuntimeException e) {
                    // a fault of this camera's decoding: its error status, then a reconnect like any other loss
                    LOG.error("Camera {} failed: {}", camera.id(), CameraUrls.redactIn(e.getMessage(), camera.url()), e);
                    queue.put(ReaderItem.status(status(CameraStatus.ERROR, "internal error: " + e
                            + "; reconnecting")));
                    upMs = -1;
                }
                if (upMs >= settings.backoffMaxMs()) {
                    // up for longer than the backoff cap: back for good, the next loss starts the delays over
                    backoff.reset();
                    failedAttempts = 1;
                } else {
                    // no frame, or frames for a moment only (a camera that sends one frame and drops): delays grow
                    failedAttempts++;
                }
            }
        } catch (Error e) {
            LOG.error("Camera {} thread died: {}", camera.id(), CameraUrls.redactIn(e.getMessage(), camera.url()), e);
            queue.put(ReaderItem.status(status(CameraStatus.ERROR, "the camera's thread died: " + e
                    + "; the camera is stopped until the job restarts")));
        }
        LOG.info("Camera {} stopped", camera.id());
    }

    /**
     * One connection: open, decode until it ends, fails or stalls.
     *
     * @return how long it delivered frames (ms from its first frame to its last), or -1 when none arrived
     */
    private long session(FrameSampler sampler) {
        long now = System.currentTimeMillis();
        long sessionOffset = Math.max(now - streamStartMs, lastOffsetMs + 1);
        boolean online = false;
        long sessionStartWall = now;
        long firstFrameWall = -1;
        damageReported = 0;
        try (CameraDecoder decoder = new CameraDecoder(camera, streamStartMs, sessionOffset, framesDecoded)) {
            current = decoder;
            if (stopped) {
                return -1;
            }
            decoder.open();
            while (!stopped) {
                VideoFrame frame;
                try {
                    frame = decoder.next();
                } catch (FrameWatchdog.StalledException e) {
                    queue.put(ReaderItem.status(status(CameraStatus.STALLED, e.getMessage())));
                    return upMs(online, firstFrameWall);
                } catch (IOException e) {
                    reportLoss(online, sessionStartWall, e.getMessage());
                    return upMs(online, firstFrameWall);
                }
                if (frame == null) {
                    reportLoss(online, sessionStartWall, null);
                    return upMs(online, firstFrameWall);
                }
                long wall = System.currentTimeMillis();
                framesDecoded = decoder.framesDecoded();
                if (!online) {
                    online = true;
                    firstFrameWall = wall;
                    CameraStatus status = status(CameraStatus.ONLINE, "receiving frames from " + camera.displayUrl());
                    status.gapMs = lastFrameWallMs < 0 ? 0 : wall - lastFrameWallMs;
                    status.streamOffsetMs = frame.streamOffsetMs;
                    queue.put(ReaderItem.status(status));
                }
                lastFrameWallMs = wall;
                lastOffsetMs = frame.streamOffsetMs;
                DiscontinuityReports.Report jumps = discontinuities.frame(decoder.takeDiscontinuityMs(), wall);
                if (jumps != null) {
                    CameraStatus status = status(CameraStatus.DISCONTINUITY, jumps.reason());
                    status.gapMs = jumps.totalMs();
                    status.streamOffsetMs = frame.streamOffsetMs;
                    queue.put(ReaderItem.status(status));
                }
                reportDamage(decoder, wall);
                if (sampler.keep(frame)) {
                    queue.put(ReaderItem.frame(frame, sampler.lastKeptSlot()));
                }
            }
            return upMs(online, firstFrameWall);
        } catch (FrameWatchdog.StalledException e) {
            // bytes but no frame while FFmpeg opened the stream (probing it)
            queue.put(ReaderItem.status(status(CameraStatus.STALLED, e.getMessage())));
            return -1;
        } catch (IOException e) {
            // could not open: refused, unreachable, timed out, not a video
            queue.put(ReaderItem.status(status(CameraStatus.OFFLINE, e.getMessage())));
            return -1;
        }
    }

    /** How long a session delivered frames: from its first frame to the last one so far; -1 when it had none. */
    private long upMs(boolean online, long firstFrameWall) {
        return online ? lastFrameWallMs - firstFrameWall : -1;
    }

    /** Reports new damage in this session (concealed errors, corrupt packets), at most once per 5 s. */
    private void reportDamage(CameraDecoder decoder, long wall) {
        long damage = decoder.damageCount();
        if (damage > damageReported && (lastDamageReportWallMs < 0 || wall - lastDamageReportWallMs >= 5_000)) {
            CameraStatus status = status(CameraStatus.DAMAGED, (damage - damageReported)
                    + " FFmpeg error(s) or damaged frame(s); damaged data was skipped or concealed");
            queue.put(ReaderItem.status(status));
            damageReported = damage;
            lastDamageReportWallMs = wall;
        }
    }

    private void reportLoss(boolean online, long sessionStartWall, String error) {
        long since = lastFrameWallMs >= 0 && online ? lastFrameWallMs : sessionStartWall;
        long silentMs = System.currentTimeMillis() - since;
        CameraStatus status;
        if (error == null && CameraDecoder.isConnectionless(camera.url())) {
            // UDP and RTP have no connection to close: the input "ends" when its data stops coming
            status = status(CameraStatus.STALLED, "no data for " + silentMs + " ms (a " + camera.url().substring(0,
                    camera.url().indexOf(':')) + " input cannot close; its sender went quiet)");
        } else if (error == null) {
            status = status(CameraStatus.OFFLINE, "the stream ended or the connection closed");
        } else if (silentMs >= Math.min(camera.live().stallTimeoutMs(), camera.live().ioTimeoutMs())) {
            status = status(CameraStatus.STALLED, "no frame for " + silentMs + " ms: " + error);
        } else {
            status = status(CameraStatus.OFFLINE, error);
        }
        queue.put(ReaderItem.status(status));
    }

    private CameraStatus status(String state, String reason) {
        long now = System.currentTimeMillis();
        CameraStatus s = CameraStatus.of(camera.id(), state, CameraUrls.redactIn(reason, camera.url()), now,
                streamStartMs, Math.max(0, lastOffsetMs));
        s.framesDecoded = framesDecoded;
        s.droppedFrames = queue.droppedFrames();
        return s;
    }

    private boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
