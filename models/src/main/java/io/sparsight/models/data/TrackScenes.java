package io.sparsight.models.data;

import io.sparsight.models.data.Poses.Posture;
import io.sparsight.models.data.TrackScene.Agent;
import io.sparsight.models.grounding.Moment;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Scripts for the track simulator: one scene per call, built around one event (an action of one object, or of two
 * together) with a moment, among background objects that stand still or pass by without doing that action.
 * Speeds are in person heights per second, so near and far objects move alike.
 */
final class TrackScenes {

    static final double FPS = 10;
    static final double SECONDS = 12;
    static final int FRAMES = (int) Math.round(FPS * SECONDS);

    /** What the event's object does. */
    enum Action {
        ENTERS, LEAVES, STOPS, RUNS, TURNS_BACK, MEET, FOLLOWS, RIDES, CARRIES, CROSSES, BENDS, WAVES, THROWS, FALLS
    }

    /** A scene's event: the action, who does it (and with whom or what), and when (seconds). */
    record Event(Action action, Agent actor, Agent other, Moment moment) {}

    /** A scene and its event. */
    record Scripted(TrackScene scene, Event event) {}

    private static final double WALK = 0.45;
    /** A crowd fills a scene up to this many objects: the track model's slots. */
    private static final int MAX_OBJECTS = 10;
    private static final double RUN = 1.4;
    /**
     * Actions during which background objects of the event's class may pass by: what they do then (walk through)
     * is not the action, where for entering, leaving, crossing, turning back or following it would be.
     */
    private static final Set<Action> PASSERS_BY_ALLOWED = Set.of(Action.STOPS, Action.RUNS, Action.MEET,
            Action.RIDES, Action.CARRIES, Action.BENDS, Action.WAVES, Action.THROWS, Action.FALLS);

    private TrackScenes() {}

    /** A random scene: its event's action drawn uniformly, retried until the event is visible long enough. */
    static Scripted random(Random random) {
        Action action = Action.values()[random.nextInt(Action.values().length)];
        for (int tries = 0; tries < 100; tries++) {
            TrackScene scene = new TrackScene(FRAMES);
            Event event = script(scene, action, random);
            if (event != null && event.moment().duration() >= 1.0) {
                addBackground(scene, event, random);
                addCrowd(scene, event, random);
                return new Scripted(scene, event);
            }
        }
        throw new IllegalStateException("could not script a visible " + action + " in 100 tries");
    }

    private static Event script(TrackScene scene, Action action, Random random) {
        return switch (action) {
            case ENTERS -> enters(scene, pick(random, "person", "person", "car", "truck", "dog", "bus"), random);
            case LEAVES -> leaves(scene, pick(random, "person", "person", "car", "truck", "dog"), random);
            case STOPS -> stops(scene, pick(random, "person", "person", "car", "truck", "dog"), random);
            case RUNS -> runs(scene, random);
            case TURNS_BACK -> turnsBack(scene, pick(random, "person", "person", "car", "dog"), random);
            case MEET -> meet(scene, random);
            case FOLLOWS -> follows(scene, random);
            case RIDES -> rides(scene, random);
            case CARRIES -> carries(scene, random);
            case CROSSES -> crosses(scene, pick(random, "person", "person", "car", "truck", "bus", "dog"), random);
            case BENDS, WAVES, THROWS, FALLS -> gesture(scene, action, random);
        };
    }

    private static Event enters(TrackScene scene, String label, Random random) {
        Agent a = scene.add(label);
        double y = groundY(random);
        int side = side(random);
        int from = frame(1 + 6 * random.nextDouble());
        double target = 0.25 + 0.5 * random.nextDouble();
        int arrived = a.move(from, outside(a, y, side), y, target, y + 0.05 * random.nextGaussian(),
                speed(label, random), walking(a));
        a.hold(arrived, FRAMES, a.lastX(arrived), a.lastY(arrived), Posture.STAND);
        int[] span = scene.visibleSpan(a);
        if (span == null) {
            return null;
        }
        int inside = firstFullyInside(a, span[0]);
        return new Event(Action.ENTERS, a, null, moment(span[0], Math.min(FRAMES - 1, inside + frame(1.0))));
    }

    private static Event leaves(TrackScene scene, String label, Random random) {
        Agent a = scene.add(label);
        double y = groundY(random);
        int side = side(random);
        int go = frame(5 * random.nextDouble());
        double x = 0.3 + 0.4 * random.nextDouble();
        a.hold(0, go, x, y, Posture.STAND);
        a.move(go, x, y, outside(a, y, side), y + 0.05 * random.nextGaussian(), speed(label, random), walking(a));
        int[] span = scene.visibleSpan(a);
        if (span == null || span[1] >= FRAMES - 1) {
            return null; // still there at the end: it did not leave
        }
        int touching = span[0];
        for (int f = span[0]; f <= span[1]; f++) {
            double[] box = a.box(f);
            if (box[0] < 0 || box[2] > 1) {
                touching = f;
                break;
            }
        }
        return new Event(Action.LEAVES, a, null, moment(Math.max(span[0], touching - frame(1.0)), span[1]));
    }

    private static Event stops(TrackScene scene, String label, Random random) {
        Agent a = scene.add(label);
        double y = groundY(random);
        int side = side(random);
        double target = 0.3 + 0.4 * random.nextDouble();
        int stopped = a.move(frame(2 * random.nextDouble()), outside(a, y, side), y, target, y, speed(label, random),
                walking(a));
        int moved = frame(2 + 3 * random.nextDouble());
        if (stopped < frame(2) || stopped + moved > FRAMES - frame(1)) {
            return null;
        }
        a.hold(stopped, stopped + moved, target, y, Posture.STAND);
        a.move(stopped + moved, target, y, outside(a, y, -side), y, speed(label, random), walking(a));
        return new Event(Action.STOPS, a, null, moment(stopped, stopped + moved - 1));
    }

    private static Event runs(TrackScene scene, Random random) {
        Agent a = scene.add("person");
        double y = groundY(random);
        int dir = side(random);
        double x = dir > 0 ? 0.02 + 0.15 * random.nextDouble() : 0.98 - 0.15 * random.nextDouble();
        int start = frame(1.5 + 4.5 * random.nextDouble());
        int end = Math.min(FRAMES, start + frame(1.5 + 2.5 * random.nextDouble()));
        double far = dir > 0 ? 3 : -2;
        a.move(0, start, x, y, far, y, WALK * speed(random), Posture.WALK);
        a.move(start, end, a.lastX(start), y, far, y, RUN * speed(random), Posture.RUN);
        if (end < FRAMES) {
            a.move(end, FRAMES, a.lastX(end), y, far, y, WALK * speed(random), Posture.WALK);
        }
        int[] span = scene.visibleSpan(a);
        if (span == null || span[0] > start) {
            return null;
        }
        return new Event(Action.RUNS, a, null, moment(start, Math.min(end - 1, span[1])));
    }

    private static Event turnsBack(TrackScene scene, String label, Random random) {
        Agent a = scene.add(label);
        double y = groundY(random);
        int dir = side(random);
        double x = dir > 0 ? 0.1 + 0.2 * random.nextDouble() : 0.9 - 0.2 * random.nextDouble();
        int turn = frame(3 + 5 * random.nextDouble());
        double speed = speed(label, random);
        a.move(0, turn, x, y, dir > 0 ? 3 : -2, y, speed, walking(a));
        a.move(turn, FRAMES, a.lastX(turn), y, dir > 0 ? -2 : 3, y, speed, walking(a));
        if (!TrackScene.visible(a.box(turn))) {
            return null;
        }
        return new Event(Action.TURNS_BACK, a, null, moment(turn, Math.min(FRAMES - 1, turn + frame(2.5))));
    }

    private static Event meet(TrackScene scene, Random random) {
        Agent a = scene.add("person");
        Agent b = scene.add("person");
        double y = groundY(random);
        double yb = clampGround(y + 0.08 * random.nextGaussian());
        double xm = 0.35 + 0.3 * random.nextDouble();
        double gap = 0.6 * a.halfWidth(y) * 2;
        int arriveA = a.move(frame(2 * random.nextDouble()), 0.02 + 0.1 * random.nextDouble(), y, xm - gap, y,
                WALK * speed(random), Posture.WALK);
        int arriveB = b.move(frame(2 * random.nextDouble()), 0.98 - 0.1 * random.nextDouble(), yb, xm + gap, y,
                WALK * speed(random), Posture.WALK);
        int met = Math.max(arriveA, arriveB);
        int together = frame(2 + 2 * random.nextDouble());
        if (met > frame(9) || met + together > FRAMES) {
            return null;
        }
        a.hold(arriveA, met + together, xm - gap, y, Posture.STAND);
        b.hold(arriveB, met + together, xm + gap, y, Posture.STAND);
        boolean part = random.nextBoolean();
        a.move(met + together, xm - gap, y, part ? -2 : xm - gap, y, WALK, part ? Posture.WALK : Posture.STAND);
        b.move(met + together, xm + gap, y, part ? 3 : xm + gap, y, WALK, part ? Posture.WALK : Posture.STAND);
        return new Event(Action.MEET, a, b, moment(met, met + together - 1));
    }

    private static Event follows(TrackScene scene, Random random) {
        Agent leader = scene.add("person");
        Agent follower = scene.add(random.nextInt(4) == 0 ? "dog" : "person");
        double y = groundY(random);
        int side = side(random);
        int start = frame(3 * random.nextDouble());
        int lag = frame(1.5 + 1.5 * random.nextDouble());
        double speed = WALK * speed(random);
        leader.move(start, outside(leader, y, side), y, outside(leader, y, -side), y, speed, Posture.WALK);
        follower.move(start + lag, outside(follower, y, side), clampGround(y + 0.03 * random.nextGaussian()),
                outside(follower, y, -side), y, speed, walking(follower));
        int[] a = scene.visibleSpan(leader);
        int[] b = scene.visibleSpan(follower);
        if (a == null || b == null || b[0] >= a[1]) {
            return null;
        }
        return new Event(Action.FOLLOWS, follower, leader, moment(b[0], a[1]));
    }

    private static Event rides(TrackScene scene, Random random) {
        Agent rider = scene.add("person");
        String vehicle = random.nextInt(3) == 0 ? "motorcycle" : "bicycle";
        Agent bike = scene.carried(vehicle, rider, 0, 0);
        double y = groundY(random);
        int side = side(random);
        double speed = (vehicle.equals("bicycle") ? 1.0 : 1.8) * speed(random);
        rider.move(frame(5 * random.nextDouble()), outside(bike, y, side), y, outside(bike, y, -side),
                clampGround(y + 0.1 * random.nextGaussian()), speed, Posture.RIDE);
        return overlapEvent(scene, Action.RIDES, rider, bike);
    }

    private static Event carries(TrackScene scene, Random random) {
        Agent person = scene.add("person");
        String label = pick(random, "handbag", "backpack", "suitcase");
        Agent bag = switch (label) {
            case "handbag" -> scene.carried(label, person, 0.16, -0.32);
            case "backpack" -> scene.carried(label, person, -0.14, -0.5);
            default -> scene.carried(label, person, 0.3, 0);
        };
        double y = groundY(random);
        int side = side(random);
        person.move(frame(3 * random.nextDouble()), outside(person, y, side), y, outside(person, y, -side),
                clampGround(y + 0.1 * random.nextGaussian()), WALK * speed(random), Posture.WALK);
        return overlapEvent(scene, Action.CARRIES, person, bag);
    }

    private static Event crosses(TrackScene scene, String label, Random random) {
        Agent a = scene.add(label);
        double y = groundY(random);
        int side = side(random);
        a.move(frame(4 * random.nextDouble()), outside(a, y, side), y, outside(a, y, -side),
                clampGround(y + 0.1 * random.nextGaussian()), speed(label, random), walking(a));
        if (!a.isPerson() && !label.equals("dog")) {
            int crowd = 2 + random.nextInt(3); // vehicles drive through a crowd
            for (int i = 0; i < crowd; i++) {
                Agent p = scene.add("person");
                p.hold(0, FRAMES, random.nextDouble(), clampGround(y + 0.12 * random.nextGaussian()), Posture.STAND);
            }
        }
        int[] span = scene.visibleSpan(a);
        return span == null ? null : new Event(Action.CROSSES, a, null, moment(span[0], span[1]));
    }

    private static Event gesture(TrackScene scene, Action action, Random random) {
        Agent a = scene.add("person");
        double y = groundY(random);
        int side = side(random);
        double x = 0.3 + 0.4 * random.nextDouble();
        int arrived = random.nextBoolean() ? 0
                : a.move(0, outside(a, y, side), y, x, y, WALK * speed(random), Posture.WALK);
        int start = Math.max(arrived + frame(random.nextDouble()), frame(1.5 + 6 * random.nextDouble()));
        a.hold(arrived, start, x, y, Posture.STAND);
        Posture pose = switch (action) {
            case BENDS -> Posture.BEND;
            case WAVES -> Posture.WAVE;
            case THROWS -> Posture.THROW;
            default -> Posture.FALL;
        };
        int length = action == Action.THROWS ? frame(1.0 + 0.5 * random.nextDouble())
                : action == Action.FALLS ? frame(0.6) : frame(1.5 + 1.5 * random.nextDouble());
        int end = start + length;
        if (end > FRAMES) {
            return null;
        }
        a.hold(start, end, x, y, pose);
        if (action == Action.FALLS) {
            end = Math.min(FRAMES, end + frame(1.5 + 1.5 * random.nextDouble()));
            a.hold(start + length, end, x, y, Posture.LIE);
        }
        if (end < FRAMES) {
            a.hold(end, Math.min(FRAMES, end + frame(0.5)), x, y, Posture.STAND);
            a.move(end + frame(0.5), x, y, outside(a, y, random.nextBoolean() ? 1 : -1), y, WALK * speed(random),
                    Posture.WALK);
        }
        return new Event(action, a, null, moment(start, end - 1));
    }

    /** Objects that have nothing to do with the event: they stand (or are parked), or pass by where allowed. */
    private static void addBackground(TrackScene scene, Event event, Random random) {
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String label = pick(random, "person", "person", "car", "dog", "truck", "bicycle", "bench");
            boolean sameClass = label.equals(event.actor().label)
                    || (event.other() != null && label.equals(event.other().label));
            boolean movable = !label.equals("bench") && !label.equals("bicycle");
            Agent a = scene.add(label);
            double y = groundY(random);
            if (movable && random.nextBoolean() && (!sameClass || PASSERS_BY_ALLOWED.contains(event.action()))) {
                int side = side(random);
                a.move(frame(8 * random.nextDouble()), outside(a, y, side), y, outside(a, y, -side), y,
                        speed(label, random), walking(a));
            } else {
                a.hold(0, FRAMES, 0.05 + 0.9 * random.nextDouble(), y, Posture.STAND);
            }
        }
    }

    /**
     * Half the scenes are a busy walkway, as real cameras often show: 3 to 9 more people (no more than
     * {@value #MAX_OBJECTS} objects in all), most walking along it in either direction (some already in the picture at
     * the start), the others strolling a little or standing. Where
     * walking into or out of the picture would itself be the event (a person enters, leaves, crosses, turns back or
     * follows), they stay inside the picture.
     */
    private static void addCrowd(TrackScene scene, Event event, Random random) {
        if (random.nextBoolean()) {
            return;
        }
        int count = Math.min(3 + random.nextInt(7), MAX_OBJECTS - scene.agents().size());
        boolean peopleEvent = event.actor().isPerson() || (event.other() != null && event.other().isPerson());
        boolean passersBy = !peopleEvent || PASSERS_BY_ALLOWED.contains(event.action());
        for (int i = 0; i < count; i++) {
            Agent p = scene.add("person");
            double y = groundY(random);
            double speed = WALK * speed(random);
            if (passersBy && random.nextInt(4) != 0) {
                int side = side(random);
                boolean inPictureAtStart = random.nextInt(3) == 0;
                double from = inPictureAtStart ? 0.05 + 0.9 * random.nextDouble() : outside(p, y, side);
                p.move(inPictureAtStart ? 0 : frame(10 * random.nextDouble()), from, y, outside(p, y, -side),
                        clampGround(y + 0.05 * random.nextGaussian()), speed, Posture.WALK);
            } else {
                double x0 = 0.05 + 0.9 * random.nextDouble();
                double x1 = Math.max(0.05, Math.min(0.95, x0 + 0.3 * random.nextGaussian()));
                p.hold(0, FRAMES, x0, y, Posture.STAND);
                int arrived = p.move(frame(8 * random.nextDouble()), x0, y, x1, y, 0.7 * speed, Posture.WALK);
                p.hold(arrived, FRAMES, x1, y, Posture.STAND);
            }
        }
    }

    /** An event of two objects that move together (a rider and a bicycle, a person and a bag): while both show. */
    private static Event overlapEvent(TrackScene scene, Action action, Agent actor, Agent other) {
        int[] a = scene.visibleSpan(actor);
        int[] b = scene.visibleSpan(other);
        if (a == null || b == null || Math.max(a[0], b[0]) >= Math.min(a[1], b[1])) {
            return null;
        }
        return new Event(action, actor, other, moment(Math.max(a[0], b[0]), Math.min(a[1], b[1])));
    }

    private static int firstFullyInside(Agent a, int from) {
        for (int f = from; f < FRAMES; f++) {
            double[] box = a.box(f);
            if (box != null && box[0] >= 0 && box[2] <= 1) {
                return f;
            }
        }
        return FRAMES - 1;
    }

    /** Frames {@code first..last} (inclusive) as seconds. */
    private static Moment moment(int first, int last) {
        return new Moment(first / FPS, (Math.max(first, last) + 1) / FPS);
    }

    private static int frame(double seconds) {
        return (int) Math.round(seconds * FPS);
    }

    private static double outside(Agent a, double y, int side) {
        double half = a.halfWidth(y) + 0.01;
        return side < 0 ? -half : 1 + half;
    }

    private static int side(Random random) {
        return random.nextBoolean() ? 1 : -1;
    }

    private static double groundY(Random random) {
        double range = TrackScene.GROUND_BOTTOM - TrackScene.GROUND_TOP - 0.07;
        return TrackScene.GROUND_TOP + 0.05 + random.nextDouble() * range;
    }

    private static double clampGround(double y) {
        return Math.max(TrackScene.GROUND_TOP, Math.min(TrackScene.GROUND_BOTTOM, y));
    }

    /** A speed factor around 1. */
    private static double speed(Random random) {
        return 0.8 + 0.4 * random.nextDouble();
    }

    /** Typical speed of a class (person heights per second), varied. */
    private static double speed(String label, Random random) {
        double base = switch (label) {
            case "car", "truck", "bus" -> 1.6;
            case "dog" -> 0.9;
            default -> WALK;
        };
        return base * speed(random);
    }

    private static Posture walking(Agent a) {
        return a.isPerson() ? Posture.WALK : Posture.STAND;
    }

    private static String pick(Random random, String... labels) {
        return labels[random.nextInt(labels.length)];
    }

    static List<Action> actions() {
        return List.of(Action.values());
    }
}
