package io.sparsight.models.data;

import io.sparsight.models.data.Poses.Posture;
import io.sparsight.models.tracks.TrackedObject;
import io.sparsight.models.tracks.TrackVideo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The ground truth of one simulated camera: objects (agents) on a ground plane seen by a fixed camera, each with its
 * foot point per frame (fractions of the frame; lower in the picture is nearer, so bigger), posture and facing for
 * people; bags and bicycles can ride along with a person. {@link #render} turns it into what the detector, tracker
 * and pose model would report, with their {@link TrackNoise}.
 */
final class TrackScene {

    /** Frames are 4:3; a box's width in frame fractions is its width in body units x height x this. */
    static final double ASPECT = 0.75;
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    /** The ground: foot points between these heights of the frame. */
    static final double GROUND_TOP = 0.42;
    static final double GROUND_BOTTOM = 0.95;

    /** Height and width of each class, relative to a person's height at the same place. */
    private record Size(double height, double width) {}

    private static final Map<String, Size> SIZES = Map.ofEntries(
            Map.entry("person", new Size(1.0, 0.4)), Map.entry("bicycle", new Size(0.6, 0.9)),
            Map.entry("motorcycle", new Size(0.65, 1.0)), Map.entry("car", new Size(0.85, 2.0)),
            Map.entry("truck", new Size(1.4, 2.8)), Map.entry("bus", new Size(1.6, 3.6)),
            Map.entry("dog", new Size(0.35, 0.55)), Map.entry("handbag", new Size(0.18, 0.15)),
            Map.entry("backpack", new Size(0.28, 0.2)), Map.entry("suitcase", new Size(0.35, 0.25)),
            Map.entry("bench", new Size(0.45, 1.2)), Map.entry("chair", new Size(0.5, 0.3)));

    /** A person's height (fraction of the frame) with feet at {@code y}: nearer the camera, bigger. */
    static double personHeight(double y) {
        return 0.1 + 0.3 * y;
    }

    /** One object and its script, frame by frame; NaN positions where it does not exist. */
    static final class Agent {
        final String label;
        final double[] x;
        final double[] y;
        final Posture[] posture;
        final double[] phase;
        final int[] facing;
        /** Set for objects carried along by another (a bag, a ridden bicycle): offsets in person heights. */
        Agent carrier;
        double carriedDx;
        double carriedDy;

        Agent(String label, int frames) {
            if (!SIZES.containsKey(label)) {
                throw new IllegalArgumentException("the simulator has no size for '" + label + "'");
            }
            this.label = label;
            x = new double[frames];
            y = new double[frames];
            Arrays.fill(x, Double.NaN);
            Arrays.fill(y, Double.NaN);
            posture = new Posture[frames];
            Arrays.fill(posture, Posture.STAND);
            phase = new double[frames];
            facing = new int[frames];
            Arrays.fill(facing, 1);
        }

        boolean isPerson() {
            return label.equals("person");
        }

        /** Stays at (atX, atY) in a posture from frame {@code from} until {@code to}, facing as it did before. */
        void hold(int from, int to, double atX, double atY, Posture pose) {
            int facingNow = from > 0 ? facing[from - 1] : 1;
            for (int f = Math.max(0, from); f < Math.min(to, x.length); f++) {
                x[f] = atX;
                y[f] = atY;
                posture[f] = pose;
                phase[f] = pose == Posture.BEND || pose == Posture.THROW || pose == Posture.FALL
                        ? (f - from + 1.0) / Math.max(1, to - from) : (f - from) / TrackScenes.FPS;
                facing[f] = facingNow;
            }
        }

        /**
         * Moves in a straight line from (x0, y0) at frame {@code from} towards (x1, y1) at {@code speed} person
         * heights per second, until it gets there or frame {@code until}; returns the frame after the last step.
         */
        int move(int from, int until, double x0, double y0, double x1, double y1, double speed, Posture pose) {
            double px = x0;
            double py = y0;
            int face = x1 >= x0 ? 1 : -1;
            int f = Math.max(0, from);
            for (; f < Math.min(until, x.length); f++) {
                x[f] = px;
                y[f] = py;
                posture[f] = pose;
                phase[f] = (f - from) / TrackScenes.FPS;
                facing[f] = face;
                double step = speed * personHeight(py) / TrackScenes.FPS;
                double dx = (x1 - px) / ASPECT; // in frame heights
                double dy = y1 - py;
                double left = Math.hypot(dx, dy);
                if (left <= step) {
                    return f + 1;
                }
                px += dx / left * step * ASPECT;
                py += dy / left * step;
            }
            return f;
        }

        /** {@link #move} to the end of the video at most. */
        int move(int from, double x0, double y0, double x1, double y1, double speed, Posture pose) {
            return move(from, x.length, x0, y0, x1, y1, speed, pose);
        }

        /** Where it was at the frame before {@code frame}. */
        double lastX(int frame) {
            return x[frame - 1];
        }

        double lastY(int frame) {
            return y[frame - 1];
        }

        /** Half its width (frame fractions) with feet at {@code atY}. */
        double halfWidth(double atY) {
            return SIZES.get(label).width() * personHeight(atY) * ASPECT / 2;
        }

        /** Its box at a frame (fractions of the frame, maybe partly outside it), or null where it does not exist. */
        double[] box(int f) {
            if (carrier != null) {
                if (Double.isNaN(carrier.x[f])) {
                    return null;
                }
                double h = personHeight(carrier.y[f]);
                return shapeBox(carrier.x[f] + carrier.facing[f] * carriedDx * h * ASPECT, carrier.y[f] + carriedDy * h,
                        h);
            }
            if (Double.isNaN(x[f])) {
                return null;
            }
            double h = personHeight(y[f]);
            if (!isPerson()) {
                return shapeBox(x[f], y[f], h);
            }
            double[] k = keypoints(f);
            double x1 = Double.MAX_VALUE;
            double y1 = Double.MAX_VALUE;
            double x2 = -Double.MAX_VALUE;
            double y2 = -Double.MAX_VALUE;
            for (int i = 0; i < k.length; i += 2) {
                x1 = Math.min(x1, k[i]);
                x2 = Math.max(x2, k[i]);
                y1 = Math.min(y1, k[i + 1]);
                y2 = Math.max(y2, k[i + 1]);
            }
            double marginX = 0.06 * h * ASPECT;
            return new double[] {x1 - marginX, y1 - 0.07 * h, x2 + marginX, y2 + 0.02 * h};
        }

        private double[] shapeBox(double footX, double footY, double personHeight) {
            Size s = SIZES.get(label);
            double w = s.width() * personHeight * ASPECT;
            double h = s.height() * personHeight;
            return new double[] {footX - w / 2, footY - h, footX + w / 2, footY};
        }

        /** A person's keypoints in frame fractions {@code [x0, y0, ...]}. */
        double[] keypoints(int f) {
            double h = personHeight(y[f]);
            double[] body = Poses.keypoints(posture[f], phase[f], facing[f]);
            double rise = posture[f] == Posture.RIDE ? 0.15 * h : 0; // a rider's feet are on the pedals
            double[] k = new double[body.length];
            for (int i = 0; i < body.length; i += 2) {
                k[i] = x[f] + body[i] * h * ASPECT;
                k[i + 1] = y[f] - rise + body[i + 1] * h;
            }
            return k;
        }
    }

    private final int frames;
    private final List<Agent> agents = new ArrayList<>();

    TrackScene(int frames) {
        this.frames = frames;
    }

    int frames() {
        return frames;
    }

    List<Agent> agents() {
        return agents;
    }

    Agent add(String label) {
        Agent agent = new Agent(label, frames);
        agents.add(agent);
        return agent;
    }

    /** An object carried by {@code carrier}, offset (in the carrier's heights, dx towards where it faces). */
    Agent carried(String label, Agent carrier, double dx, double dy) {
        Agent agent = add(label);
        agent.carrier = carrier;
        agent.carriedDx = dx;
        agent.carriedDy = dy;
        return agent;
    }

    /** First and last frame (inclusive) in which the agent is visible enough to be detected; null if never. */
    int[] visibleSpan(Agent agent) {
        int first = -1;
        int last = -1;
        for (int f = 0; f < frames; f++) {
            if (visible(agent.box(f))) {
                if (first < 0) {
                    first = f;
                }
                last = f;
            }
        }
        return first < 0 ? null : new int[] {first, last};
    }

    /** Whether at least 40 % of a box is inside the frame. */
    static boolean visible(double[] box) {
        if (box == null) {
            return false;
        }
        double area = (box[2] - box[0]) * (box[3] - box[1]);
        double inside = Math.max(0, Math.min(1, box[2]) - Math.max(0, box[0]))
                * Math.max(0, Math.min(1, box[3]) - Math.max(0, box[1]));
        return area > 0 && inside >= 0.4 * area;
    }

    /** What the detector, tracker and pose model report for this scene, with their noise. */
    TrackVideo render(String id, TrackNoise noise, Random random) {
        List<List<TrackedObject>> out = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            out.add(new ArrayList<>());
        }
        int nextId = 1;
        boolean poses = random.nextDouble() >= noise.poselessRate();
        for (Agent agent : agents) {
            int id0 = nextId++;
            int trackId = id0;
            double baseScore = 0.45 + 0.5 * random.nextDouble();
            int splitAt = random.nextDouble() < noise.splitRate() ? random.nextInt(frames) : -1;
            int occludedFrom = random.nextDouble() < noise.occlusionRate() ? random.nextInt(frames) : -1;
            int occludedTo = occludedFrom + 3 + random.nextInt(6);
            for (int f = 0; f < frames; f++) {
                if (f == splitAt) {
                    trackId = nextId++;
                }
                double[] box = agent.box(f);
                if (!visible(box) || random.nextDouble() < noise.missRate() || (f >= occludedFrom && f < occludedTo)) {
                    continue;
                }
                double h = box[3] - box[1];
                double[] b = new double[4];
                for (int i = 0; i < 4; i++) {
                    b[i] = box[i] + random.nextGaussian() * noise.boxJitter() * h;
                }
                float score = (float) clamp(baseScore + 0.05 * random.nextGaussian(), 0.2, 0.99);
                float[] keypoints = poses && agent.isPerson() && agent.carrier == null
                        ? pose(agent, f, noise, random) : null;
                out.get(f).add(new TrackedObject(trackId, agent.label, (float) clamp(Math.min(b[0], b[2]), 0, 1),
                        (float) clamp(Math.min(b[1], b[3]), 0, 1), (float) clamp(Math.max(b[0], b[2]), 0, 1),
                        (float) clamp(Math.max(b[1], b[3]), 0, 1), score, keypoints));
            }
        }
        int falseTracks = noise.falseTracks() == 0 ? 0 : random.nextInt(noise.falseTracks() + 1);
        for (int i = 0; i < falseTracks; i++) {
            int trackId = nextId++;
            String label = FALSE_LABELS.get(random.nextInt(FALSE_LABELS.size()));
            double cx = random.nextDouble();
            double cy = GROUND_TOP + random.nextDouble() * (GROUND_BOTTOM - GROUND_TOP);
            double h = 0.05 + 0.15 * random.nextDouble();
            int start = random.nextInt(frames);
            int length = 1 + random.nextInt(5);
            for (int f = start; f < Math.min(frames, start + length); f++) {
                out.get(f).add(new TrackedObject(trackId, label, (float) clamp(cx - h * 0.4, 0, 1),
                        (float) clamp(cy - h, 0, 1), (float) clamp(cx + h * 0.4, 0, 1), (float) clamp(cy, 0, 1),
                        (float) (0.25 + 0.25 * random.nextDouble()), null));
            }
        }
        return new TrackVideo(id, WIDTH, HEIGHT, TrackScenes.FPS, out);
    }

    private static final List<String> FALSE_LABELS = List.of("person", "car", "dog", "bench", "chair", "handbag");

    private static float[] pose(Agent agent, int f, TrackNoise noise, Random random) {
        double h = personHeight(agent.y[f]);
        double[] k = agent.keypoints(f);
        float[] out = new float[3 * TrackedObject.KEYPOINTS];
        for (int i = 0; i < TrackedObject.KEYPOINTS; i++) {
            double x = k[2 * i] + random.nextGaussian() * noise.keypointJitter() * h;
            double y = k[2 * i + 1] + random.nextGaussian() * noise.keypointJitter() * h;
            boolean inside = x >= 0 && x <= 1 && y >= 0 && y <= 1;
            boolean lost = !inside || random.nextDouble() < noise.keypointLossRate();
            out[3 * i] = (float) clamp(x, 0, 1);
            out[3 * i + 1] = (float) clamp(y, 0, 1);
            out[3 * i + 2] = lost ? (float) (0.1 * random.nextDouble()) : (float) (0.4 + 0.55 * random.nextDouble());
        }
        return out;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
