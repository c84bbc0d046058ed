package io.sparsight.operators.anomaly;

import io.sparsight.models.anomaly.ObjectDensity;
import io.sparsight.models.anomaly.ObjectObservation;
import io.sparsight.models.detection.CocoClasses;
import io.sparsight.operators.objects.TrackedFrame;

/**
 * What the object density made of one tracked frame of a camera: the frame's place in its stream and its most unusual
 * object (class, track, box in analysis pixels) with its score in [0, 1]. A Flink POJO, kept in {@link ObjectFusion}'s
 * state and carried by a fused {@link FrameScore}.
 */
public class ObjectReading {

    public long streamId;
    public long streamStartMs;
    public long offsetMs;
    /** The most unusual object's unit score; 0 (and no class) when the frame had no object. */
    public double score;
    public String className;
    public int track;
    public float[] box;

    public ObjectReading() {}

    /** The reading of {@code frame}: its objects scored by {@code density}. */
    static ObjectReading of(TrackedFrame frame, ObjectDensity density) {
        ObjectReading reading = new ObjectReading();
        reading.streamId = frame.streamId;
        reading.streamStartMs = frame.streamStartMs;
        reading.offsetMs = frame.streamOffsetMs;
        double worst = -1;
        for (int i = 0; i < frame.trackIds.length; i++) {
            float height = Math.max(1, frame.boxes[4 * i + 3] - frame.boxes[4 * i + 1]);
            double score = density.score(new ObjectObservation(CocoClasses.NAMES.get(frame.classIds[i]), height,
                    frame.speeds[i]));
            if (score > worst) {
                worst = score;
                reading.className = CocoClasses.NAMES.get(frame.classIds[i]);
                reading.track = frame.trackIds[i];
                reading.box = new float[] {frame.boxes[4 * i], frame.boxes[4 * i + 1], frame.boxes[4 * i + 2],
                        frame.boxes[4 * i + 3]};
            }
        }
        reading.score = worst < 0 ? 0 : density.unitScore(worst);
        return reading;
    }

    @Override
    public String toString() {
        return "ObjectReading{@" + offsetMs + "ms " + className + " #" + track + " " + score + "}";
    }
}
