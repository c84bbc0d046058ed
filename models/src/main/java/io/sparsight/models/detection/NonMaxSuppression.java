package io.sparsight.models.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression within each class: the best box stays, boxes of its class overlapping it go. */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /** The kept detections, best first. */
    public static List<Detection> perClass(List<Detection> detections, float iouThreshold) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : sorted) {
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.classId() == candidate.classId() && k.iou(candidate) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
