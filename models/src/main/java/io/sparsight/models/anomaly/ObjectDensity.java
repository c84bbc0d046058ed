package io.sparsight.models.anomaly;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How unusual the objects of a frame are, learned from the tracked objects of normal footage: a class seen rarely
 * (or never) in training is unusual by how rare it was, {@code -log p(class)} relative to the most common class
 * (add-one smoothing over the 80 COCO classes); an object of a class seen often enough, moving faster than that class
 * usually does, adds how many standard deviations its log speed is above the class's mean. A frame scores its most
 * unusual object (0 without objects). Flink-free and DJL-free; the parameters are a few numbers per class.
 */
public final class ObjectDensity {

    /** Classes with fewer training observations get no speed term. */
    static final int MIN_SPEED_SAMPLES = 50;
    /** Added to speeds before the logarithm, in box heights per second: a standing person is not infinitely slow. */
    static final double SPEED_FLOOR = 0.05;
    private static final int CLASSES = 80;

    private final Map<String, Integer> counts;
    private final int total;
    private final int mostCommon;
    /** Per class with enough samples: mean and standard deviation of log(speed + floor). */
    private final Map<String, double[]> logSpeed;

    private ObjectDensity(Map<String, Integer> counts, Map<String, double[]> logSpeed) {
        this.counts = Map.copyOf(counts);
        this.total = counts.values().stream().mapToInt(Integer::intValue).sum();
        this.mostCommon = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        this.logSpeed = Map.copyOf(logSpeed);
    }

    /** The model of {@code observations} of normal footage. */
    public static ObjectDensity fit(List<ObjectObservation> observations) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, double[]> sums = new HashMap<>(); // n, sum, sum of squares of log speed
        for (ObjectObservation o : observations) {
            counts.merge(o.className(), 1, Integer::sum);
            double v = Math.log(o.speed() + SPEED_FLOOR);
            double[] s = sums.computeIfAbsent(o.className(), c -> new double[3]);
            s[0]++;
            s[1] += v;
            s[2] += v * v;
        }
        Map<String, double[]> logSpeed = new HashMap<>();
        sums.forEach((name, s) -> {
            if (s[0] >= MIN_SPEED_SAMPLES) {
                double mean = s[1] / s[0];
                double std = Math.sqrt(Math.max(1e-6, s[2] / s[0] - mean * mean));
                logSpeed.put(name, new double[] {mean, std});
            }
        });
        return new ObjectDensity(counts, logSpeed);
    }

    /** How unusual one object is: 0 for a common class at a usual speed, more the rarer or faster. */
    public double score(ObjectObservation o) {
        double rarity = Math.log(probability(mostCommonName())) - Math.log(probability(o.className()));
        double[] speed = logSpeed.get(o.className());
        double fast = speed == null ? 0 : Math.max(0, (Math.log(o.speed() + SPEED_FLOOR) - speed[0]) / speed[1]);
        return Math.max(0, rarity) + fast;
    }

    /** A frame's score: its most unusual object's, 0 without objects. */
    public double frameScore(List<ObjectObservation> objects) {
        double worst = 0;
        for (ObjectObservation o : objects) {
            worst = Math.max(worst, score(o));
        }
        return worst;
    }

    /** Observations per class in training. */
    public Map<String, Integer> counts() {
        return counts;
    }

    private double probability(String className) {
        return (counts.getOrDefault(className, 0) + 1.0) / (total + CLASSES);
    }

    private String mostCommonName() {
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == mostCommon) {
                return e.getKey();
            }
        }
        return "";
    }
}
