package io.sparsight.models.tracks;

/**
 * One tracked object in one frame, as the object stage (or the track simulator) sees it: its track id, its class
 * label, its box as fractions of the frame ({@code x1 < x2}, {@code y1 < y2}, y down), the detector's score, and for
 * people the pose: {@link #KEYPOINTS} keypoints in COCO order as {@code (x, y, score)} triples, x and y as fractions
 * of the frame (a lost keypoint has score 0); null when there is no pose.
 */
public record TrackedObject(int track, String label, float x1, float y1, float x2, float y2, float score,
        float[] keypoints) {

    /** COCO's 17 body keypoints: nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles (left first). */
    public static final int KEYPOINTS = 17;

    public TrackedObject {
        if (!(x2 >= x1) || !(y2 >= y1)) {
            throw new IllegalArgumentException("track " + track + ": box corners out of order: " + x1 + "," + y1
                    + " " + x2 + "," + y2);
        }
        if (keypoints != null && keypoints.length != 3 * KEYPOINTS) {
            throw new IllegalArgumentException("track " + track + ": a pose has " + 3 * KEYPOINTS + " numbers, got "
                    + keypoints.length);
        }
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float centreX() {
        return (x1 + x2) / 2;
    }

    public float centreY() {
        return (y1 + y2) / 2;
    }

    public boolean hasPose() {
        return keypoints != null;
    }
}
