package io.sparsight.models.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparsight.models.runtime.ModelArtifactException;
import io.sparsight.models.runtime.ModelRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How unusual the objects of a frame are, learned from the tracked objects of normal footage: a class seen rarely
 * (or never) in training is unusual by how rare it was, {@code -log p(class)} relative to the most common class
 * (add-one smoothing over the 80 COCO classes); an object of a class seen often enough, moving faster than that class
 * usually does, adds how many standard deviations its log speed is above the class's mean. A frame scores its most
 * unusual object (0 without objects). Flink-free and DJL-free; the parameters are a few numbers per class.
 *
 * <p>Kept beside an anomaly model as {@value #FILE} (written by {@code calibrate anomaly --objects} and
 * {@code train anomaly --objects}) with the normal footage's {@link #alarmScore()}: the 99.9th percentile of its
 * frame scores, which {@link #unitScore} maps to 0.5 for the live stage.
 */
public final class ObjectDensity {

    /** Classes with fewer training observations get no speed term. */
    static final int MIN_SPEED_SAMPLES = 50;
    /** Added to speeds before the logarithm, in box heights per second: a standing person is not infinitely slow. */
    static final double SPEED_FLOOR = 0.05;
    private static final int CLASSES = 80;
    /** The file beside an anomaly model's model.json. */
    public static final String FILE = "objects.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's content: a Jackson bean. */
    public static class Stored {
        public int version = 1;
        public Map<String, Integer> counts = new TreeMap<>();
        /** Per class with enough samples: mean and standard deviation of log(speed + floor). */
        public Map<String, double[]> logSpeed = new TreeMap<>();
        /** The 99.9th percentile of the normal footage's frame scores. */
        public double alarmScore;
        /** How it was fitted: footage, frames, objects, frame size, command. */
        public Map<String, Object> fitted = new TreeMap<>();
    }

    private final Map<String, Integer> counts;
    private final int total;
    private final int mostCommon;
    /** Per class with enough samples: mean and standard deviation of log(speed + floor). */
    private final Map<String, double[]> logSpeed;

    /** The frame score that maps to 0.5 ({@link #unitScore}); 0 until {@link #withAlarmScore}. */
    private final double alarmScore;

    private ObjectDensity(Map<String, Integer> counts, Map<String, double[]> logSpeed) {
        this(counts, logSpeed, 0);
    }

    private ObjectDensity(Map<String, Integer> counts, Map<String, double[]> logSpeed, double alarmScore) {
        this.alarmScore = alarmScore;
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

    /**
     * This density with its alarm score measured on the frames it was fitted on: the 99.9th percentile of their
     * frame scores (at least a tenth, so a footage where nothing is ever unusual does not alarm on every detail).
     */
    public ObjectDensity withAlarmScore(List<List<ObjectObservation>> normalFrames) {
        double[] scores = normalFrames.stream().mapToDouble(this::frameScore).sorted().toArray();
        double q = scores.length == 0 ? 0 : scores[Math.min(scores.length - 1, (int) Math.floor(0.999 * scores.length))];
        return new ObjectDensity(counts, logSpeed, Math.max(0.1, q));
    }

    /** The frame score of normal footage's 99.9th percentile. */
    public double alarmScore() {
        return alarmScore;
    }

    /** A frame score in [0, 1] for the live stage: the alarm score is 0.5, twice it or more is 1. */
    public double unitScore(double frameScore) {
        if (!(alarmScore > 0)) {
            throw new IllegalStateException("the density has no alarm score: measure it with withAlarmScore");
        }
        return Math.min(1, 0.5 * frameScore / alarmScore);
    }

    /** Writes the density to {@code dir}/{@value #FILE}, with how it was fitted. */
    public void write(Path dir, Map<String, Object> fitted) throws IOException {
        Stored stored = new Stored();
        stored.counts.putAll(counts);
        stored.logSpeed.putAll(logSpeed);
        stored.alarmScore = alarmScore;
        stored.fitted.putAll(fitted);
        JSON.writeValue(dir.resolve(FILE).toFile(), stored);
    }

    /** The density kept beside the anomaly model {@code ref} ({@code bundled:<name>} or a folder), if it has one. */
    public static Optional<ObjectDensity> of(String ref) throws ModelArtifactException {
        try {
            if (ModelRef.isBundled(ref)) {
                try (InputStream in = ObjectDensity.class.getResourceAsStream(
                        "/models/" + ModelRef.bundledName(ref) + "/" + FILE)) {
                    return in == null ? Optional.empty() : Optional.of(of(JSON.readValue(in, Stored.class)));
                }
            }
            Path file = Path.of(ref).resolve(FILE);
            return Files.isRegularFile(file) ? Optional.of(of(JSON.readValue(file.toFile(), Stored.class)))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new ModelArtifactException("the object density of " + ref + " (" + FILE + ") cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static ObjectDensity of(Stored stored) {
        if (stored.version != 1 || !(stored.alarmScore > 0)) {
            throw new IllegalArgumentException("expected version 1 with a positive alarmScore, got version "
                    + stored.version + ", alarmScore " + stored.alarmScore);
        }
        for (Map.Entry<String, double[]> e : stored.logSpeed.entrySet()) {
            if (e.getValue() == null || e.getValue().length != 2 || !(e.getValue()[1] > 0)) {
                throw new IllegalArgumentException("logSpeed of " + e.getKey() + " must be [mean, std > 0], got "
                        + Arrays.toString(e.getValue()));
            }
        }
        return new ObjectDensity(stored.counts, stored.logSpeed, stored.alarmScore);
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
