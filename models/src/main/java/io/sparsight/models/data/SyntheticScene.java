package io.sparsight.models.data;

import io.sparsight.models.grounding.Moment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated grounding video: a textured background and actors (shapes and people-like figures of several colours
 * and sizes) that each do one scripted action with a start and an end (enters, leaves, moves left or right, stops,
 * speeds up, turns around, changes colour, or two meet). Deterministic for a seed; rendered frame by frame as BGR
 * bytes, so any writer (FFmpeg, image files) can store it.
 */
public final class SyntheticScene {

    /** Shapes an actor can have. */
    public enum Shape { SQUARE, CIRCLE, TRIANGLE, PERSON }

    /** Actions an actor can do; MEET involves two actors. */
    public enum Action { ENTERS, LEAVES, MOVES_LEFT, MOVES_RIGHT, STOPS, SPEEDS_UP, TURNS_AROUND, CHANGES_COLOUR, MEET }

    /** A colour with its name. */
    public record Colour(String name, int b, int g, int r) {}

    public static final List<Colour> COLOURS = List.of(
            new Colour("red", 40, 40, 220), new Colour("green", 40, 190, 40), new Colour("blue", 220, 80, 30),
            new Colour("yellow", 30, 220, 230), new Colour("white", 245, 245, 245), new Colour("purple", 180, 40, 150));

    /** An actor and its script: x position (pixels, centre) as a function of time, a lane, colours, the action. */
    public record Actor(Shape shape, boolean big, Colour colour, Colour laterColour, int laneY, Action action,
            Moment moment, double[] keyTimes, double[] keyX) {

        int size() {
            return big ? 22 : 12;
        }

        /** Centre x at time t: piecewise linear through the key points, constant outside them. */
        double x(double t) {
            if (t <= keyTimes[0]) {
                return keyX[0];
            }
            for (int i = 1; i < keyTimes.length; i++) {
                if (t <= keyTimes[i]) {
                    double f = (t - keyTimes[i - 1]) / Math.max(1e-9, keyTimes[i] - keyTimes[i - 1]);
                    return keyX[i - 1] + f * (keyX[i] - keyX[i - 1]);
                }
            }
            return keyX[keyX.length - 1];
        }

        Colour colourAt(double t) {
            if (action != Action.CHANGES_COLOUR || t <= moment.start()) {
                return colour;
            }
            if (t >= moment.end()) {
                return laterColour;
            }
            double f = (t - moment.start()) / moment.duration();
            return new Colour(laterColour.name(), mix(colour.b(), laterColour.b(), f), mix(colour.g(), laterColour.g(), f),
                    mix(colour.r(), laterColour.r(), f));
        }

        private static int mix(int a, int b, double f) {
            return (int) Math.round(a + f * (b - a));
        }
    }

    private final int width;
    private final int height;
    private final double fps;
    private final int frames;
    private final List<Actor> actors;
    private final int backgroundSeed;
    private final int backgroundBase;

    private SyntheticScene(int width, int height, double fps, int frames, List<Actor> actors, int backgroundSeed,
            int backgroundBase) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.frames = frames;
        this.actors = List.copyOf(actors);
        this.backgroundSeed = backgroundSeed;
        this.backgroundBase = backgroundBase;
    }

    /**
     * A random scene: two actors in two lanes of a {@code width x height} picture, {@code seconds} long at {@code fps};
     * one of them meets the other, or each does an action of its own.
     */
    public static SyntheticScene random(Random random, int width, int height, double fps, double seconds) {
        double length = seconds;
        List<Actor> actors = new ArrayList<>();
        int[] lanes = {height / 3, 2 * height / 3};
        Colour first = COLOURS.get(random.nextInt(COLOURS.size()));
        Colour second = otherColour(random, first);
        if (random.nextInt(Action.values().length) == Action.MEET.ordinal()) {
            double start = uniform(random, 0.1 * length, 0.4 * length);
            double end = uniform(random, start + 0.25 * length, 0.9 * length);
            double meetX = uniform(random, 0.4 * width, 0.6 * width);
            int lane = height / 2;
            actors.add(actor(random, first, first, lane - 8, Action.MEET, new Moment(start, end),
                    new double[] {start, end}, new double[] {0.1 * width, meetX - 12}));
            actors.add(actor(random, second, second, lane + 8, Action.MEET, new Moment(start, end),
                    new double[] {start, end}, new double[] {0.9 * width, meetX + 12}));
        } else {
            Colour[] colours = {first, second};
            for (int i = 0; i < 2; i++) {
                Action action = Action.values()[random.nextInt(Action.values().length - 1)];
                actors.add(scripted(random, action, colours[i], lanes[i], width, length));
            }
        }
        return new SyntheticScene(width, height, fps, (int) Math.round(seconds * fps), actors, random.nextInt(),
                60 + random.nextInt(60));
    }

    /**
     * A scene with the given actors (their scripts as they are), e.g. a long stream in which an action repeats;
     * {@code backgroundSeed} picks the background texture.
     */
    public static SyntheticScene of(int width, int height, double fps, double seconds, List<Actor> actors,
            int backgroundSeed) {
        return new SyntheticScene(width, height, fps, (int) Math.round(seconds * fps), actors, backgroundSeed, 90);
    }

    private static Actor scripted(Random random, Action action, Colour colour, int lane, int width, double length) {
        double start = uniform(random, 0.1 * length, 0.5 * length);
        double end = uniform(random, start + 0.2 * length, Math.min(length, start + 0.5 * length));
        double left = 0.15 * width;
        double right = 0.85 * width;
        double off = -30;
        double offRight = width + 30;
        double mid = uniform(random, 0.35 * width, 0.65 * width);
        Moment moment = new Moment(start, end);
        return switch (action) {
            case ENTERS -> actor(random, colour, colour, lane, action, moment, new double[] {start, end},
                    new double[] {random.nextBoolean() ? off : offRight, mid});
            case LEAVES -> actor(random, colour, colour, lane, action, moment, new double[] {start, end},
                    new double[] {mid, random.nextBoolean() ? off : offRight});
            case MOVES_LEFT -> actor(random, colour, colour, lane, action, moment, new double[] {start, end},
                    new double[] {right, left});
            case MOVES_RIGHT -> actor(random, colour, colour, lane, action, moment, new double[] {start, end},
                    new double[] {left, right});
            // walks from the start of the video, then stands still during the moment
            case STOPS -> actor(random, colour, colour, lane, action, new Moment(start, length),
                    new double[] {0, start}, new double[] {left, mid});
            // slow from the start, fast during the moment
            case SPEEDS_UP -> actor(random, colour, colour, lane, action, moment, new double[] {0, start, end},
                    new double[] {left, left + 0.1 * width, right});
            // walks right until the moment, then back left during it
            case TURNS_AROUND -> actor(random, colour, colour, lane, action, moment, new double[] {0, start, end},
                    new double[] {left, mid, left});
            case CHANGES_COLOUR -> actor(random, colour, otherColour(random, colour), lane, action, moment,
                    new double[] {0}, new double[] {mid});
            case MEET -> throw new IllegalArgumentException("MEET takes two actors");
        };
    }

    private static Actor actor(Random random, Colour colour, Colour later, int lane, Action action, Moment moment,
            double[] keyTimes, double[] keyX) {
        Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
        return new Actor(shape, random.nextBoolean(), colour, later, lane, action, moment, keyTimes, keyX);
    }

    private static Colour otherColour(Random random, Colour not) {
        Colour c;
        do {
            c = COLOURS.get(random.nextInt(COLOURS.size()));
        } while (c.equals(not));
        return c;
    }

    private static double uniform(Random random, double from, double to) {
        return from + random.nextDouble() * Math.max(0, to - from);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    public int frames() {
        return frames;
    }

    public double seconds() {
        return frames / fps;
    }

    public List<Actor> actors() {
        return actors;
    }

    /** Frame {@code index} as packed BGR bytes, {@code width * height * 3}. */
    public byte[] render(int index) {
        double t = index / fps;
        byte[] bgr = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = background(x, y);
                int at = (y * width + x) * 3;
                bgr[at] = (byte) v;
                bgr[at + 1] = (byte) v;
                bgr[at + 2] = (byte) Math.min(255, v + 10);
            }
        }
        for (Actor actor : actors) {
            draw(bgr, actor, t);
        }
        return bgr;
    }

    private int background(int x, int y) {
        int h = (x / 10) * 73856093 ^ (y / 10) * 19349663 ^ backgroundSeed;
        return backgroundBase + Math.floorMod(h, 25) + ((x + y) % 7);
    }

    private void draw(byte[] bgr, Actor actor, double t) {
        Colour c = actor.colourAt(t);
        int size = actor.size();
        int cx = (int) Math.round(actor.x(t));
        int cy = actor.laneY();
        for (int dy = -size; dy <= size; dy++) {
            for (int dx = -size; dx <= size; dx++) {
                if (inside(actor.shape(), dx, dy, size / 2)) {
                    int x = cx + dx;
                    int y = cy + dy;
                    if (x >= 0 && x < width && y >= 0 && y < height) {
                        int at = (y * width + x) * 3;
                        bgr[at] = (byte) c.b();
                        bgr[at + 1] = (byte) c.g();
                        bgr[at + 2] = (byte) c.r();
                    }
                }
            }
        }
    }

    /** Whether offset (dx, dy) from the centre is inside a shape of half-size r. */
    static boolean inside(Shape shape, int dx, int dy, int r) {
        return switch (shape) {
            case SQUARE -> Math.abs(dx) <= r && Math.abs(dy) <= r;
            case CIRCLE -> dx * dx + dy * dy <= r * r;
            case TRIANGLE -> dy >= -r && dy <= r && Math.abs(dx) <= (dy + r) / 2;
            // a head over a body: a small circle and a tall narrow rectangle
            case PERSON -> (dx * dx + (dy + r) * (dy + r) <= (r / 2) * (r / 2))
                    || (Math.abs(dx) <= r / 3 && dy >= -r / 2 && dy <= 2 * r);
        };
    }
}
