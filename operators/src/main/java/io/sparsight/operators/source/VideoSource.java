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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Flink (FLIP-27) source of sampled video frames and camera status changes: one split per camera, many cameras
 * per source, each camera decoded on its own thread with FFmpeg and scaled to its analysis size at decode time. The
 * read position of every file camera is checkpointed, so a restored job resumes at the next frame it has not
 * emitted; live cameras reconnect on their own and report outages as status records.
 *
 * <p>{@link #bounded} for inputs that end (the job ends when all are read), {@link #unbounded} for live cameras.
 */
public final class VideoSource implements Source<CameraRecord, CameraSplit, CameraEnumeratorState> {

    private static final long serialVersionUID = 1L;

    private final List<CameraSpec> cameras;
    private final Boundedness boundedness;
    private final CameraControl control;

    private VideoSource(List<CameraSpec> cameras, Boundedness boundedness, CameraControl control) {
        this.cameras = List.copyOf(cameras);
        this.boundedness = boundedness;
        this.control = control;
    }

    /** A bounded source over files (or other inputs that end): the job finishes when all are read. */
    public static VideoSource bounded(List<CameraSpec> cameras) {
        for (CameraSpec camera : checked(cameras)) {
            if (camera.kind().isLive()) {
                throw new IllegalArgumentException("camera '" + camera.id() + "' (" + camera.displayUrl()
                        + ") is live and never ends, so it cannot be in a bounded source; use VideoSource.unbounded");
            }
        }
        return new VideoSource(cameras, Boundedness.BOUNDED, null);
    }

    /** An unbounded source: live cameras that run until the job is cancelled. */
    public static VideoSource unbounded(List<CameraSpec> cameras) {
        return new VideoSource(checked(cameras), Boundedness.CONTINUOUS_UNBOUNDED, null);
    }

    /**
     * An unbounded source whose cameras change while it runs, as the control topic says: {@code cameras} is the set
     * a new job starts from (may be empty), and every change on the topic applies on top of it.
     */
    public static VideoSource unbounded(List<CameraSpec> cameras, CameraControl control) {
        return new VideoSource(uniqueIds(cameras), Boundedness.CONTINUOUS_UNBOUNDED,
                java.util.Objects.requireNonNull(control, "control"));
    }

    /** Bounded when no camera is live, so a job over files ends when they are read; unbounded otherwise. */
    public static VideoSource of(List<CameraSpec> cameras) {
        return anyLive(cameras) ? unbounded(cameras) : bounded(cameras);
    }

    /** Bounded when no camera is live; otherwise unbounded, its cameras changed by {@code control}. */
    public static VideoSource of(List<CameraSpec> cameras, CameraControl control) {
        return anyLive(cameras) ? unbounded(cameras, control) : bounded(cameras);
    }

    public static boolean anyLive(List<CameraSpec> cameras) {
        return cameras.stream().anyMatch(c -> c.kind().isLive());
    }

    private static List<CameraSpec> checked(List<CameraSpec> cameras) {
        if (cameras == null || cameras.isEmpty()) {
            throw new IllegalArgumentException("a video source needs at least one camera");
        }
        return uniqueIds(cameras);
    }

    private static List<CameraSpec> uniqueIds(List<CameraSpec> cameras) {
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

    /** Where this source's camera changes come from; null when its cameras are fixed. */
    public CameraControl control() {
        return control;
    }

    @Override
    public SplitEnumerator<CameraSplit, CameraEnumeratorState> createEnumerator(
            SplitEnumeratorContext<CameraSplit> context) {
        long streamStartMs = System.currentTimeMillis();
        List<CameraSplit> splits = new ArrayList<>();
        Map<String, CameraSpec> inForce = new LinkedHashMap<>();
        for (CameraSpec camera : cameras) {
            splits.add(CameraSplit.fresh(camera, streamStartMs));
            inForce.put(camera.id(), camera);
        }
        return new CameraSplitEnumerator(context, control,
                new CameraEnumeratorState(inForce, splits, Set.of(), Map.of(), 0));
    }

    @Override
    public SplitEnumerator<CameraSplit, CameraEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<CameraSplit> context, CameraEnumeratorState checkpoint) {
        return new CameraSplitEnumerator(context, control, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<CameraSplit> getSplitSerializer() {
        return CameraSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<CameraEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new CameraEnumeratorStateSerializer(cameras);
    }

    @Override
    public SourceReader<CameraRecord, CameraSplit> createReader(SourceReaderContext readerContext) {
        return new VideoSourceReader(readerContext.getConfiguration(), readerContext);
    }
}
