package io.sparsight.models.data;

/**
 * Body poses for the track simulator: the 17 COCO keypoints of a person in body space (units of the person's
 * standing height, origin between the feet, y up the screen is negative) for each posture, animated by a phase
 * (steps, waves) or a progress (bending down, throwing, falling). {@code facing} is +1 when the person faces right.
 */
final class Poses {

    /** What a person's body is doing. */
    enum Posture { STAND, WALK, RUN, BEND, WAVE, THROW, FALL, LIE, RIDE }

    // nose, left eye, right eye, left ear, right ear, left/right shoulder, elbow, wrist, hip, knee, ankle
    private static final double[] STAND_X = {0, 0.02, -0.02, 0.05, -0.05, 0.12, -0.12, 0.15, -0.15, 0.16, -0.16,
        0.08, -0.08, 0.08, -0.08, 0.08, -0.08};
    private static final double[] STAND_Y = {-0.93, -0.95, -0.95, -0.94, -0.94, -0.80, -0.80, -0.62, -0.62, -0.46,
        -0.46, -0.50, -0.50, -0.27, -0.27, -0.03, -0.03};
    private static final int UPPER_BODY = 11; // keypoints 0..10 are above the hips
    private static final double HIP_Y = -0.50;

    private Poses() {}

    /**
     * Keypoints {@code [x0, y0, x1, y1, ...]} in body space.
     *
     * @param phase seconds of walking or waving (the cycle's position), or progress 0..1 through bending, throwing
     *     and falling
     */
    static double[] keypoints(Posture posture, double phase, int facing) {
        double[] p = new double[2 * STAND_X.length];
        for (int i = 0; i < STAND_X.length; i++) {
            p[2 * i] = STAND_X[i];
            p[2 * i + 1] = STAND_Y[i];
        }
        switch (posture) {
            case STAND -> { }
            case WALK -> swing(p, Math.sin(2 * Math.PI * 1.8 * phase), 0.08, facing);
            case RUN -> {
                swing(p, Math.sin(2 * Math.PI * 2.8 * phase), 0.17, facing);
                set(p, 7, facing * 0.14, -0.66);   // elbows bent, wrists up in front
                set(p, 8, facing * 0.10, -0.66);
                set(p, 9, facing * 0.22, -0.74);
                set(p, 10, facing * 0.18, -0.72);
                translate(p, 0, UPPER_BODY, facing * 0.06, 0.02); // leaning forward
            }
            case BEND -> {
                double amount = Math.min(1, phase / 0.3); // down within the first 30 %, then stays down
                if (phase > 0.85) {
                    amount = Math.max(0, (1 - phase) / 0.15); // and back up at the end
                }
                rotateUpper(p, amount * Math.toRadians(80), facing);
                translate(p, 11, 17, 0, 0.06 * amount);     // knees give a little
                translate(p, 13, 15, facing * 0.05 * amount, 0);
            }
            case WAVE -> {
                double side = 0.06 * Math.sin(2 * Math.PI * 2.0 * phase);
                set(p, 8, -0.22, -0.92);
                set(p, 10, -0.24 + side, -1.10);
            }
            case THROW -> {
                double wristX;
                double wristY;
                if (phase < 0.5) {      // wind up: the hand goes back and up
                    double f = phase / 0.5;
                    wristX = lerp(-0.16, -facing * 0.30, f);
                    wristY = lerp(-0.46, -0.98, f);
                } else if (phase < 0.7) { // release: forward over the shoulder
                    double f = (phase - 0.5) / 0.2;
                    wristX = lerp(-facing * 0.30, facing * 0.36, f);
                    wristY = lerp(-0.98, -0.96, f);
                } else {                  // follow through: down in front
                    double f = (phase - 0.7) / 0.3;
                    wristX = lerp(facing * 0.36, facing * 0.22, f);
                    wristY = lerp(-0.96, -0.58, f);
                }
                set(p, 10, wristX, wristY);
                set(p, 8, (wristX + STAND_X[6]) / 2, (wristY + STAND_Y[6]) / 2);
            }
            case FALL -> rotateAll(p, Math.min(1, phase) * Math.toRadians(88), facing);
            case LIE -> rotateAll(p, Math.toRadians(88), facing);
            case RIDE -> {
                double pedal = 2 * Math.PI * 1.2 * phase;
                set(p, 13, facing * 0.14, -0.36 + 0.05 * Math.sin(pedal));
                set(p, 14, facing * 0.14, -0.36 - 0.05 * Math.sin(pedal));
                set(p, 15, facing * 0.10 + 0.06 * Math.cos(pedal), -0.12 + 0.06 * Math.sin(pedal));
                set(p, 16, facing * 0.10 - 0.06 * Math.cos(pedal), -0.12 - 0.06 * Math.sin(pedal));
                set(p, 9, facing * 0.30, -0.62);  // hands on the handlebar
                set(p, 10, facing * 0.28, -0.62);
                set(p, 7, facing * 0.22, -0.70);
                set(p, 8, facing * 0.20, -0.70);
                translate(p, 0, UPPER_BODY, facing * 0.08, 0);
            }
            default -> throw new IllegalArgumentException("no pose for " + posture);
        }
        return p;
    }

    /** Legs (and arms, the other way) swing along the walking direction. */
    private static void swing(double[] p, double s, double amplitude, int facing) {
        p[2 * 15] += facing * amplitude * s;
        p[2 * 16] -= facing * amplitude * s;
        p[2 * 13] += facing * amplitude * 0.5 * s;
        p[2 * 14] -= facing * amplitude * 0.5 * s;
        p[2 * 9] -= facing * amplitude * 0.6 * s;
        p[2 * 10] += facing * amplitude * 0.6 * s;
    }

    /** The upper body tips forward about the hips. */
    private static void rotateUpper(double[] p, double angle, int facing) {
        for (int i = 0; i < UPPER_BODY; i++) {
            double dx = p[2 * i];
            double dy = p[2 * i + 1] - HIP_Y; // negative above the hips
            p[2 * i] = dx * Math.cos(angle) - facing * dy * Math.sin(angle);
            p[2 * i + 1] = HIP_Y + dy * Math.cos(angle) + facing * dx * Math.sin(angle) * 0.2;
        }
    }

    /** The whole body tips over about the feet. */
    private static void rotateAll(double[] p, double angle, int facing) {
        for (int i = 0; i < STAND_X.length; i++) {
            double dx = p[2 * i];
            double dy = p[2 * i + 1];
            p[2 * i] = dx * Math.cos(angle) - facing * dy * Math.sin(angle);
            p[2 * i + 1] = dy * Math.cos(angle) + 0.1 * Math.abs(dx) * Math.sin(angle);
        }
    }

    private static void set(double[] p, int keypoint, double x, double y) {
        p[2 * keypoint] = x;
        p[2 * keypoint + 1] = y;
    }

    private static void translate(double[] p, int from, int to, double dx, double dy) {
        for (int i = from; i < to; i++) {
            p[2 * i] += dx;
            p[2 * i + 1] += dy;
        }
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }
}
