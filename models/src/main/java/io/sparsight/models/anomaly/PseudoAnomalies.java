package io.sparsight.models.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Labelled anomalies made from normal footage, for choosing a score or a fusion rule without looking at any test
 * label: in one window of the frame, the video plays {@link #SPEED} times faster for a while, so that the people in
 * it run where everyone else walks (the usual stand-in for the cyclists and skaters of a pedestrian scene), while the
 * rest of the frame plays on at its own speed. So that nothing jumps, the window then holds still until the rest of
 * the frame has caught up with it: {@code a} fast frames (abnormal) are followed by {@code 2a} frames in which the
 * window shows one frame (labelled normal: people who stop are normal here). A {@link Plan} says, for each frame,
 * which source frame the window shows; the same plan applies to the video at any size, so that two models of
 * different analysis sizes see the same frames.
 *
 * <p>Each video starts with a normal stretch of at least {@code normalFrames} frames, so every model's context is
 * normal at first; lengths and windows are drawn from a seeded generator.
 */
public final class PseudoAnomalies {

    /** How many times faster the window plays in an abnormal stretch. */
    public static final int SPEED = 3;

    /** The window's width and height, as fractions of the frame's. */
    public static final double WINDOW_SIZE = 0.5;

    /** The shortest normal stretch, in frames, of {@link #plans(List, long)} (each drawn up to twice as long). */
    public static final int NORMAL_FRAMES = 20;
    /** The shortest run of fast frames of {@link #plans(List, long)} (each drawn up to twice as long). */
    public static final int ABNORMAL_FRAMES = 10;

    private PseudoAnomalies() {}

    /** A rectangle of the frame, in fractions of its width and height. */
    public record Window(double x, double y, double width, double height) {}

    /**
     * For each frame {@code i} of a made video (frame {@code i} of its source): the source frame its window shows
     * ({@code i} itself outside stretches), the window ({@code null} outside stretches) and whether it is abnormal.
     */
    public record Plan(String name, int[] windowFrames, Window[] windows, boolean[] abnormal) {

        public Plan {
            if (windowFrames.length != abnormal.length || windows.length != abnormal.length) {
                throw new IllegalArgumentException(windowFrames.length + " window frames and " + windows.length
                        + " windows for " + abnormal.length + " labels");
            }
        }

        public int size() {
            return abnormal.length;
        }

        /** The made video from {@code source} (the video this plan was made for, at any size). */
        public FrameSequence apply(FrameSequence source) {
            if (source.size() < size()) {
                throw new IllegalArgumentException("the plan for " + name + " needs " + size() + " frames but "
                        + source.name() + " has " + source.size());
            }
            int w = source.width();
            int h = source.height();
            List<float[]> frames = new ArrayList<>(size());
            for (int i = 0; i < size(); i++) {
                float[] frame = source.frames().get(i);
                Window window = windows[i];
                if (window != null) {
                    frame = frame.clone();
                    float[] shown = source.frames().get(windowFrames[i]);
                    int x0 = (int) (window.x() * w);
                    int x1 = Math.min(w, (int) ((window.x() + window.width()) * w));
                    int y0 = (int) (window.y() * h);
                    int y1 = Math.min(h, (int) ((window.y() + window.height()) * h));
                    for (int y = y0; y < y1; y++) {
                        System.arraycopy(shown, y * w + x0, frame, y * w + x0, x1 - x0);
                    }
                }
                frames.add(frame);
            }
            return new FrameSequence(name, w, h, frames);
        }

        public int abnormalFrames() {
            int count = 0;
            for (boolean flag : abnormal) {
                count += flag ? 1 : 0;
            }
            return count;
        }
    }

    /**
     * The plan of a made video for a normal video of {@code length} frames: normal stretches of {@code normalFrames}
     * to twice that, fast ones of {@code abnormalFrames} to twice that, each followed by twice as many frames of the
     * window holding still, until the source runs out.
     */
    public static Plan plan(String name, int length, int normalFrames, int abnormalFrames, long seed) {
        if (normalFrames < 1 || abnormalFrames < 1) {
            throw new IllegalArgumentException("stretches need at least one frame, got " + normalFrames + " normal and "
                    + abnormalFrames + " abnormal");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] shown = new int[length];
        Window[] windows = new Window[length];
        boolean[] flags = new boolean[length];
        for (int i = 0; i < length; i++) {
            shown[i] = i;
        }
        int frame = normalFrames + random.nextInt(normalFrames + 1);
        while (true) {
            int fast = abnormalFrames + random.nextInt(abnormalFrames + 1);
            int start = frame;
            if (start + SPEED * fast > length) {
                break;
            }
            Window window = new Window(random.nextDouble() * (1 - WINDOW_SIZE), random.nextDouble() * (1 - WINDOW_SIZE),
                    WINDOW_SIZE, WINDOW_SIZE);
            for (int k = 0; k < SPEED * fast; k++) {
                int i = start + k;
                windows[i] = window;
                flags[i] = k < fast;
                shown[i] = k < fast ? start + SPEED * k : start + SPEED * fast - 1;
            }
            frame = start + SPEED * fast + normalFrames + random.nextInt(normalFrames + 1);
        }
        return new Plan(name, shown, windows, flags);
    }

    /**
     * A plan for each of {@code videos} with the stretches of {@link #NORMAL_FRAMES} and {@link #ABNORMAL_FRAMES};
     * videos shorter than about {@link #shortestVideo()} frames get a plan without an abnormal frame.
     */
    public static List<Plan> plans(List<FrameSequence> videos, long seed) {
        return plans(videos, NORMAL_FRAMES, ABNORMAL_FRAMES, seed);
    }

    /** The length of video that always gets an abnormal stretch with the default stretches. */
    public static int shortestVideo() {
        return 2 * NORMAL_FRAMES + SPEED * 2 * ABNORMAL_FRAMES;
    }

    /** What the pseudo-anomalies of {@link #plans(List, long)} are, for a model's record of how a choice was made. */
    public static String describe() {
        return "a window of half the frame's width and height plays " + SPEED + "x faster for " + ABNORMAL_FRAMES
                + "-" + 2 * ABNORMAL_FRAMES + " frames, then holds still until the frame catches up";
    }

    /** A plan for each of {@code videos}, each from its own seed drawn from {@code seed}. */
    public static List<Plan> plans(List<FrameSequence> videos, int normalFrames, int abnormalFrames, long seed) {
        Random seeds = new Random(seed);
        List<Plan> plans = new ArrayList<>(videos.size());
        for (FrameSequence video : videos) {
            plans.add(plan(video.name() + "-pseudo", video.size(), normalFrames, abnormalFrames, seeds.nextLong()));
        }
        return plans;
    }
}
