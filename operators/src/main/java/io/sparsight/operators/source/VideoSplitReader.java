package io.sparsight.operators.source;

import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Reads one camera on its own fetcher thread: decodes, keeps the frames the {@link FrameSampler} picks, paces
 * file playback when asked, and reports the split finished at the end of the input.
 *
 * <p>A camera that cannot be opened or decoded ends its own split with a logged reason; other cameras keep going.
 */
final class VideoSplitReader implements SplitReader<DecodedSample, CameraSplit> {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSplitReader.class);
    /** Skipped frames decoded in one fetch before returning, so a sparse sampling rate never starves wakeUp(). */
    private static final int MAX_SKIPPED_PER_FETCH = 64;

    private CameraSplit split;
    private CameraDecoder decoder;
    private FrameSampler sampler;
    private long lastKeptSlot;
    private DecodedSample pending;
    private long pacingOriginNanos;
    private long pacingOriginOffsetMs = -1;
    private volatile boolean wokenUp;

    @Override
    public RecordsWithSplitIds<DecodedSample> fetch() throws IOException {
        wokenUp = false;
        RecordsBySplits.Builder<DecodedSample> out = new RecordsBySplits.Builder<>();
        if (split == null) {
            return out.build();
        }
        String splitId = split.splitId();
        try {
            if (decoder == null) {
                openAtPosition();
            }
            DecodedSample sample = pending != null ? pending : nextKept();
            pending = null;
            if (sample == null) {
                if (decoder.isAtEnd()) {
                    LOG.info("Camera {} ended after {} frames", splitId, decoder.framesDecoded());
                    finish(out, splitId);
                }
                return out.build();
            }
            if (!waitForPlaybackTime(sample.frame())) {
                pending = sample;
                return out.build();
            }
            out.add(splitId, sample);
        } catch (IOException e) {
            LOG.error("Camera {} stopped: {}", splitId, e.getMessage());
            finish(out, splitId);
        }
        return out.build();
    }

    private void openAtPosition() throws IOException {
        decoder = new CameraDecoder(split.camera(), split.streamStartMs());
        decoder.open();
        decoder.skipTo(split.nextFrameIndex());
        LOG.info("Camera {} opened {} at frame {}", split.splitId(), split.camera().displayUrl(), split.nextFrameIndex());
    }

    /** Decodes until a frame is kept, the input ends (null), or too many frames were skipped (null, not at end). */
    private DecodedSample nextKept() throws IOException {
        for (int skipped = 0; skipped < MAX_SKIPPED_PER_FETCH && !wokenUp; skipped++) {
            VideoFrame frame = decoder.next();
            if (frame == null) {
                return null;
            }
            long slot = sampler.slotOf(frame.frameIndex, frame.streamOffsetMs);
            if (FrameSampler.keeps(slot, lastKeptSlot)) {
                lastKeptSlot = slot;
                return new DecodedSample(frame, slot);
            }
        }
        return null;
    }

    /** Sleeps until the frame's time at the configured playback speed; false when woken up first. */
    private boolean waitForPlaybackTime(VideoFrame frame) {
        double speed = split.camera().playbackSpeed();
        if (speed <= 0) {
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

    private void finish(RecordsBySplits.Builder<DecodedSample> out, String splitId) {
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
            sampler = new FrameSampler(added.camera().analysisFps());
            lastKeptSlot = added.lastSampleSlot();
        }
    }

    @Override
    public void wakeUp() {
        wokenUp = true;
    }

    @Override
    public void close() {
        closeDecoder();
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
