package io.sparsight.models.detection;

import java.util.List;

/**
 * Gives person tracks their poses: each box takes the pose not yet taken whose box overlaps it the most, with an IoU of
 * at least {@value #MIN_IOU}. Boxes are asked in order, so the caller decides who chooses first.
 */
public final class PoseMatching {

    /** Least box overlap (IoU) between a track and a pose that are the same person. */
    public static final float MIN_IOU = 0.3f;
    /** Least person score of a pose worth matching (MoveNet's own threshold is lower). */
    public static final float MIN_POSE_SCORE = 0.1f;

    private final List<PoseModel.Pose> poses;
    private final boolean[] taken;

    public PoseMatching(List<PoseModel.Pose> poses) {
        this.poses = poses;
        this.taken = new boolean[poses.size()];
    }

    /** The keypoints of the best free pose for this box (fractions of the frame), or null; that pose is taken. */
    public float[] take(float x1, float y1, float x2, float y2) {
        int best = -1;
        float bestIou = MIN_IOU;
        for (int p = 0; p < poses.size(); p++) {
            PoseModel.Pose pose = poses.get(p);
            float w = Math.max(0, Math.min(x2, pose.x2()) - Math.max(x1, pose.x1()));
            float h = Math.max(0, Math.min(y2, pose.y2()) - Math.max(y1, pose.y1()));
            float union = (x2 - x1) * (y2 - y1) + (pose.x2() - pose.x1()) * (pose.y2() - pose.y1()) - w * h;
            float iou = union <= 0 ? 0 : w * h / union;
            if (!taken[p] && iou >= bestIou) {
                best = p;
                bestIou = iou;
            }
        }
        if (best < 0) {
            return null;
        }
        taken[best] = true;
        return poses.get(best).keypoints();
    }
}
