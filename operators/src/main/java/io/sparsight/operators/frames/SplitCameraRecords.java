package io.sparsight.operators.frames;

import io.sparsight.operators.metrics.CameraSourceMetrics;
import io.sparsight.operators.metrics.SparsightMetrics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the video source's output: frames go on, camera status changes go to the {@link #STATUS} side output.
 * Also keeps the {@link CameraProgress} accumulator up to date.
 */
public class SplitCameraRecords extends ProcessFunction<CameraRecord, VideoFrame> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<CameraStatus> STATUS = new OutputTag<>("camera-status") {};

    private transient CameraProgress progress;
    private transient SparsightMetrics.PerKey<CameraSourceMetrics> metrics;

    @Override
    public void open(OpenContext openContext) {
        progress = new CameraProgress();
        getRuntimeContext().addAccumulator(CameraProgress.NAME, progress);
        metrics = new SparsightMetrics.PerKey<>(getRuntimeContext().getMetricGroup(), SparsightMetrics.CAMERA,
                CameraSourceMetrics::new);
    }

    @Override
    public void processElement(CameraRecord record, Context ctx, Collector<VideoFrame> out) {
        if (record.isFrame()) {
            progress.add(new CameraProgress.Position(record.frame.cameraId, record.frame.frameIndex + 1, 0, false));
            metrics.get(record.frame.cameraId).frame(record.frame);
            out.collect(record.frame);
        } else {
            CameraStatus s = record.status;
            boolean ended = CameraStatus.ENDED.equals(s.state) || CameraStatus.ERROR.equals(s.state);
            progress.add(new CameraProgress.Position(s.cameraId, s.framesDecoded, s.framesTotal, ended));
            metrics.get(s.cameraId).status(s);
            ctx.output(STATUS, s);
        }
    }
}
