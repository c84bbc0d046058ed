package io.sparsight.operators.source;

import io.sparsight.operators.frames.CameraRecord;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Flink (FLIP-27) source of sampled video frames and camera status changes: one split per camera, many cameras
 * per source, each camera decoded on its own thread with FFmpeg and scaled to its analysis size at decode time. The
 * read position of every file camera is checkpointed, so a restored job resumes at the next frame it has not
 * emitted; live cameras reconnect on their own and report outages as status records.
 *
 * <p>{@link #bounded} for inputs that end (the job ends when all are read), {@link #unbounded} for live cameras.
 */
public final class VideoSource implements Source<CameraRecord, CameraSplit, Collection<CameraSplit>> {

    private static final long serialVersionUID = 1L;

    private final List<CameraSpec> cameras;
    private final Boundedness boundedness;

    private VideoSource(List<CameraSpec> cameras, Boundedness boundedness) {
        this.cameras = List.copyOf(cameras);
        this.boundedness = boundedness;
    }

    /** A bounded source over files (or other inputs that end): the job finishes when all are read. */
    public static VideoSource bounded(List<CameraSpec> cameras) {
        for (CameraSpec camera : checked(cameras)) {
            if (camera.kind().isLive()) {
                throw new IllegalArgumentException("camera '" + camera.id() + "' (" + camera.displayUrl()
                        + ") is live and never ends, so it cannot be in a bounded source; use VideoSource.unbounded");
            }
        }
        return new VideoSource(cameras, Boundedness.BOUNDED);
    }

    /** An unbounded source: live cameras that run until the job is cancelled. */
    public static VideoSource unbounded(List<CameraSpec> cameras) {
        return new VideoSource(checked(cameras), Boundedness.CONTINUOUS_UNBOUNDED);
    }

    /** Bounded when no camera is live, so a job over files ends when they are read; unbounded otherwise. */
    public static VideoSource of(List<CameraSpec> cameras) {
        boolean anyLive = cameras.stream().anyMatch(c -> c.kind().isLive());
        return anyLive ? unbounded(cameras) : bounded(cameras);
    }

    private static List<CameraSpec> checked(List<CameraSpec> cameras) {
        if (cameras == null || cameras.isEmpty()) {
            throw new IllegalArgumentException("a video source needs at least one camera");
        }
        Set<String> ids = new HashSet<>();
        for (CameraSpec camera : cameras) {
            if (!ids.add(camera.id())) {
                throw new IllegalArgumentException("camera id '" + camera.id() + "' is used twice; ids must be unique");
            }
        }
        return cameras;
    }

    public List<CameraSpec> cameras() {
        return cameras;
    }

    @Override
    public Boundedness getBoundedness() {
        return boundedness;
    }

    @Override
    public SplitEnumerator<CameraSplit, Collection<CameraSplit>> createEnumerator(
            SplitEnumeratorContext<CameraSplit> context) {
        long streamStartMs = System.currentTimeMillis();
        List<CameraSplit> splits = new ArrayList<>();
        for (CameraSpec camera : cameras) {
            splits.add(CameraSplit.fresh(camera, streamStartMs));
        }
        return new CameraSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<CameraSplit, Collection<CameraSplit>> restoreEnumerator(
            SplitEnumeratorContext<CameraSplit> context, Collection<CameraSplit> checkpoint) {
        return new CameraSplitEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<CameraSplit> getSplitSerializer() {
        return CameraSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<Collection<CameraSplit>> getEnumeratorCheckpointSerializer() {
        return new PendingCamerasSerializer();
    }

    @Override
    public SourceReader<CameraRecord, CameraSplit> createReader(SourceReaderContext readerContext) {
        return new VideoSourceReader(readerContext.getConfiguration(), readerContext);
    }
}
