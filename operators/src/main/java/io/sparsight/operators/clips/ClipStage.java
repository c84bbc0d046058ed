package io.sparsight.operators.clips;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.frames.ByCamera;
import io.sparsight.operators.frames.VideoFrame;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Wires the clip stage: the events of cameras with clips (of the types that get them) meet those cameras' frames,
 * keyed by camera, in {@link ClipOperator}, and go on with their {@code clip} member; every other event passes by.
 */
public final class ClipStage {

    private ClipStage() {}

    /** {@code events}, those that get clips with them, cut from {@code frames}. */
    public static DataStream<EventRecord> events(DataStream<VideoFrame> frames, DataStream<EventRecord> events,
            ClipsConfig config) {
        DataStream<EventRecord> clipped = events.filter(new GetsClip(config, true))
                .uid("clip-events").name("Events with clips");
        DataStream<EventRecord> others = events.filter(new GetsClip(config, false))
                .uid("clipless-events").name("Events without clips");
        DataStream<VideoFrame> footage = frames.filter(new ClipCamera(config))
                .uid("clip-cameras").name("Clip cameras");
        DataStream<EventRecord> withClips = footage.keyBy(new ByCamera())
                .connect(clipped.keyBy(new EventCamera()))
                .process(new ClipOperator(config))
                .uid("clips")
                .name("Clips and snapshots");
        return others.union(withClips);
    }

    /** Keeps the events that get clips ({@code wanted}) or those that do not. */
    static final class GetsClip implements FilterFunction<EventRecord> {
        private static final long serialVersionUID = 1L;
        private final ClipsConfig config;
        private final boolean wanted;

        GetsClip(ClipsConfig config, boolean wanted) {
            this.config = config;
            this.wanted = wanted;
        }

        @Override
        public boolean filter(EventRecord event) {
            return config.clips(event.camera, event.type) == wanted;
        }
    }

    /** Keeps the frames of cameras with clips. */
    static final class ClipCamera implements FilterFunction<VideoFrame> {
        private static final long serialVersionUID = 1L;
        private final ClipsConfig config;

        ClipCamera(ClipsConfig config) {
            this.config = config;
        }

        @Override
        public boolean filter(VideoFrame frame) {
            return config.cameras().contains(frame.cameraId);
        }
    }

    /** An event's camera: the key that meets the camera's frames. */
    static final class EventCamera implements KeySelector<EventRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(EventRecord event) {
            return event.camera;
        }
    }
}
