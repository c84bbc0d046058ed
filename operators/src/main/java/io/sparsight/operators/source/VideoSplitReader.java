package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraStatus;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads one camera on its own fetcher thread.
 *
 * <p>Files, image folders and test sources are decoded right here, blocking when Flink applies backpressure, so
 * nothing is lost; the read position is checkpointed. Live inputs are decoded by a {@link LiveCameraLoop} thread
 * that reconnects on its own and hands frames over through a {@link HandOverQueue} that drops the oldest frames
 * when processing falls behind.
 *
 * <p>Faults are data: a camera that cannot be opened, is damaged or ends is reported as a {@link CameraStatus};
 * a file camera that fails ends its own split and the other cameras keep going.
 */
final class VideoSplitReader implements SplitReader<ReaderItem, CameraSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSplitReader.class);
    /** Skipped frames decoded in one fetch before returning, so a sparse sampling rate never starves wakeUp(). */
    private static final int MAX_SKIPPED_PER_FETCH = 64;
    /** At most one damage report per this much stream time. */
    private static final long DAMAGE_REPORT_INTERVAL_MS = 5_000;

    private CameraSplit split;
    private volatile boolean wokenUp;
    private volatile boolean stopRequested;
    private volatile boolean stopForChange;

    // file inputs
    private CameraDecoder decoder;
    private FrameSampler sampler;
    private ReaderItem pending;
    private long pacingOriginNanos;
    private long pacingOriginOffsetMs = -1;
    private long damageReported;
    private final DiscontinuityReports discontinuities = new DiscontinuityReports();
    private long lastDamageReportOffsetMs = -1;

    // live inputs
    private HandOverQueue liveQueue;
    private LiveCameraLoop liveLoop;
    private long liveStopWaitMs;

    @Override
    public RecordsWithSplitIds<ReaderItem> fetch() throws IOException {
        wokenUp = false;
        RecordsBySplits.Builder<ReaderItem> out = new RecordsBySplits.Builder<>();
        if (split == null) {
            return out.build();
        }
        if (stopRequested) {
            finishStopped(out);
        } else if (split.camera().kind().isLive()) {
            fetchLive(out);
        } else {
            fetchFile(out);
        }
        return out.build();
    }

    private void fetchLive(RecordsBySplits.Builder<ReaderItem> out) {
        if (liveLoop == null) {
            liveQueue = new HandOverQueue(split.camera().live().queueCapacity());
            liveLoop = new LiveCameraLoop(split.camera(), split.streamStartMs(), split.lastSampleSlot(), liveQueue);
            liveStopWaitMs = split.camera().live().ioTimeoutMs() + 1_000;
            liveLoop.start();
            sampler.close(); // the live loop samples on its own thread
        }
        try {
            List<ReaderItem> items = liveQueue.drain(100);
            out.addAll(split.splitId(), items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetchFile(RecordsBySplits.Builder<ReaderItem> out) {
        String splitId = split.splitId();
        try {
            if (decoder == null) {
                openAtPosition(out);
            }
            ReaderItem item = pending != null ? pending : nextKept(out);
            pending = null;
            if (item == null) {
                if (decoder.isAtEnd()) {
                    long damage = decoder.damageCount();
                    out.add(splitId, ReaderItem.status(status(CameraStatus.ENDED, "end of input after "
                            + decoder.framesDecoded() + " frames"
                            + (damage > 0 ? "; " + damage + " FFmpeg errors or damaged frames" : ""),
                            decoder.lastOffsetMs())));
                    LOG.info("Camera {} ended after {} frames", splitId, decoder.framesDecoded());
                    finish(out, splitId);
                }
                return;
            }
            if (!waitForPlaybackTime(item.record().frame)) {
                pending = item;
                return;
            }
            out.add(splitId, item);
        } catch (IOException e) {
            LOG.error("Camera {} stopped: {}", splitId, e.getMessage());
            out.add(splitId, ReaderItem.status(status(CameraStatus.ERROR, e.getMessage(),
                    decoder == null ? 0 : decoder.lastOffsetMs())));
            finish(out, splitId);
        } catch (RuntimeException e) {
            // a fault of this camera only: its error status, and its split ends; failing the task would stop every
            // camera, and the restore would meet the same fault again
            LOG.error("Camera {} stopped by an unexpected error", splitId, e);
            out.add(splitId, ReaderItem.status(status(CameraStatus.ERROR, "internal error while decoding: " + e,
                    decoder == null ? 0 : decoder.lastOffsetMs())));
            finish(out, splitId);
        }
    }

    private void openAtPosition(RecordsBySplits.Builder<ReaderItem> out) throws IOException {
        decoder = new CameraDecoder(split.camera(), split.streamStartMs());
        decoder.open();
        decoder.skipTo(split.nextFrameIndex());
        String reason = split.nextFrameIndex() == 0 ? "opened " + split.camera().displayUrl()
                : "resumed " + split.camera().displayUrl() + " at frame " + split.nextFrameIndex();
        out.add(split.splitId(), ReaderItem.status(status(CameraStatus.ONLINE, reason, decoder.lastOffsetMs())));
        LOG.info("Camera {} {}", split.splitId(), reason);
    }

    /**
     * Decodes until a frame is kept; status items met on the way go straight to {@code out}. Null at the end of the
     * input, or after too many skipped frames (not at the end).
     */
    private ReaderItem nextKept(RecordsBySplits.Builder<ReaderItem> out) throws IOException {
        for (int skipped = 0; skipped < MAX_SKIPPED_PER_FETCH && !wokenUp; skipped++) {
            VideoFrame frame = decoder.next();
            reportDamage(out);
            if (frame == null) {
                return null;
            }
            // stream time, not the wall clock: a replay of the file reports the same discontinuities
            DiscontinuityReports.Report jumps = discontinuities.frame(decoder.takeDiscontinuityMs(),
                    frame.streamOffsetMs);
            if (jumps != null) {
                CameraStatus s = status(CameraStatus.DISCONTINUITY, jumps.reason(), frame.streamOffsetMs);
                s.gapMs = jumps.totalMs();
                out.add(split.splitId(), ReaderItem.status(s));
            }
            if (sampler.keep(frame)) {
                return ReaderItem.frame(frame, sampler.lastKeptSlot());
            }
        }
        return null;
    }

    /** Reports new damage (concealed errors, corrupt data) at most once per {@link #DAMAGE_REPORT_INTERVAL_MS} of stream. */
    private void reportDamage(RecordsBySplits.Builder<ReaderItem> out) {
        long damage = decoder.damageCount();
        long offset = decoder.lastOffsetMs();
        boolean due = lastDamageReportOffsetMs < 0 || offset - lastDamageReportOffsetMs >= DAMAGE_REPORT_INTERVAL_MS;
        if (damage > damageReported && due) {
            CameraStatus s = status(CameraStatus.DAMAGED, (damage - damageReported)
                    + " FFmpeg error(s) or damaged frame(s) near this point; damaged data was skipped or concealed", offset);
            out.add(split.splitId(), ReaderItem.status(s));
            damageReported = damage;
            lastDamageReportOffsetMs = offset;
        }
    }

    private CameraStatus status(String state, String reason, long offsetMs) {
        CameraStatus s = CameraStatus.of(split.splitId(), state, CameraUrls.redactIn(reason, split.camera().url()),
                split.streamStartMs() + offsetMs, split.streamStartMs(), offsetMs);
        s.framesDecoded = decoder == null ? 0 : decoder.framesDecoded();
        s.framesTotal = decoder == null ? 0 : decoder.lengthInFrames();
        return s;
    }

    /** Sleeps until the frame's time at the configured playback speed; false when woken up first. */
    private boolean waitForPlaybackTime(VideoFrame frame) {
        double speed = split.camera().playbackSpeed();
        if (speed <= 0 || frame == null) {
            return true;
        }
        if (pacingOriginOffsetMs < 0) {
            pacingOriginOffsetMs = frame.streamOffsetMs;
            pacingOriginNanos = System.nanoTime();
        }
        long dueNanos = pacingOriginNanos
                + (long) ((frame.streamOffsetMs - pacingOriginOffsetMs) / speed * 1_000_000L);
        while (!wokenUp) {
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, 20_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * Called from another thread: at its next fetch the camera reports itself removed (or, when {@code changed},
     * offline until it starts again with new settings) and its split ends.
     */
    void requestStop(boolean changed) {
        stopForChange = changed;
        stopRequested = true;
        wakeUp();
    }

    private void finishStopped(RecordsBySplits.Builder<ReaderItem> out) {
        String splitId = split.splitId();
        long offsetMs = decoder != null ? decoder.lastOffsetMs() : System.currentTimeMillis() - split.streamStartMs();
        CameraStatus status = stopForChange
                ? status(CameraStatus.OFFLINE, "its settings changed; it starts again with the new ones", offsetMs)
                : status(CameraStatus.REMOVED, "removed from the job's cameras", offsetMs);
        out.add(splitId, ReaderItem.status(status));
        stopLiveLoop();
        LOG.info("Camera {} stopped: {}", splitId, status.reason);
        finish(out, splitId);
    }

    private void finish(RecordsBySplits.Builder<ReaderItem> out, String splitId) {
        out.addFinishedSplit(splitId);
        closeDecoder();
        split = null;
    }

    @Override
    public void handleSplitsChanges(SplitsChange<CameraSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("Unsupported split change " + change.getClass().getSimpleName());
        }
        for (CameraSplit added : change.splits()) {
            if (split != null) {
                throw new IllegalStateException("a camera reader reads one camera; already has " + split.splitId()
                        + ", got " + added.splitId());
            }
            split = added;
            sampler = new FrameSampler(added.camera().sampling(), added.lastSampleSlot());
            FfmpegLog.bindThread(added.splitId(), added.camera().url());
        }
    }

    @Override
    public void wakeUp() {
        wokenUp = true;
        if (liveQueue != null) {
            liveQueue.wakeUp();
        }
    }

    @Override
    public void close() throws Exception {
        closeDecoder();
        stopLiveLoop();
    }

    private void stopLiveLoop() {
        if (liveLoop == null) {
            return;
        }
        liveLoop.stop();
        try {
            if (!liveLoop.join(liveStopWaitMs)) {
                LOG.warn("A live camera thread is still waiting on FFmpeg; it ends at its read timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        liveLoop = null;
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
        if (sampler != null) {
            sampler.close();
        }
    }
}
