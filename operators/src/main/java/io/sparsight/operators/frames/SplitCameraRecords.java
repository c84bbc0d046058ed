package io.sparsight.operators.frames;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Splits the video source's output: frames go on, camera status changes go to the {@link #STATUS} side output. */
public class SplitCameraRecords extends ProcessFunction<CameraRecord, VideoFrame> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<CameraStatus> STATUS = new OutputTag<>("camera-status") {};

    @Override
    public void processElement(CameraRecord record, Context ctx, Collector<VideoFrame> out) {
        if (record.isFrame()) {
            out.collect(record.frame);
        } else {
            ctx.output(STATUS, record.status);
        }
    }
}
