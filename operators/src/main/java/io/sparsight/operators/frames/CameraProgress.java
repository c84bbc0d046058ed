package io.sparsight.operators.frames;

import org.apache.flink.api.common.accumulators.Accumulator;

import java.util.TreeMap;

/**
 * A Flink accumulator of how far each camera's input has been read: frames read and, for files, frames in total.
 * Lets a client (the CLI's progress bar) follow a bounded job while it runs.
 */
public class CameraProgress implements Accumulator<CameraProgress.Position, TreeMap<String, long[]>> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name in the job. */
    public static final String NAME = "camera-progress";

    /** One camera's position: frames read so far, frames in total (0 when unknown), and whether it ended. */
    public record Position(String camera, long read, long total, boolean ended) {}

    private TreeMap<String, long[]> byCamera = new TreeMap<>();

    @Override
    public void add(Position p) {
        long[] current = byCamera.computeIfAbsent(p.camera(), c -> new long[3]);
        current[0] = Math.max(current[0], p.read());
        current[1] = Math.max(current[1], p.total());
        if (p.ended()) {
            current[2] = 1;
        }
    }

    @Override
    public TreeMap<String, long[]> getLocalValue() {
        return byCamera;
    }

    @Override
    public void resetLocal() {
        byCamera = new TreeMap<>();
    }

    @Override
    public void merge(Accumulator<Position, TreeMap<String, long[]>> other) {
        other.getLocalValue().forEach((camera, v) -> add(new Position(camera, v[0], v[1], v[2] == 1)));
    }

    @Override
    public CameraProgress clone() {
        CameraProgress copy = new CameraProgress();
        byCamera.forEach((camera, v) -> copy.byCamera.put(camera, v.clone()));
        return copy;
    }
}
