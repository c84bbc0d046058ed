package io.sparsight.models.diffusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The searched attention plan of a video DiT: the pattern of every layer's every head, as
 * {@link VideoDitBlock} takes it, written into the model folder as {@code attention-plan.json}
 * ({@code {"layers": [["dense", "spatial"], ...], "shares": {"dense": 0.5, ...}}}).
 */
public record AttentionPlan(AttentionPattern[][] patterns) {

    public static final String FILE = "attention-plan.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public AttentionPlan {
        patterns = copy(patterns);
    }

    public static AttentionPlan dense(int layers, int heads) {
        AttentionPattern[][] plan = new AttentionPattern[layers][heads];
        for (AttentionPattern[] layer : plan) {
            java.util.Arrays.fill(layer, AttentionPattern.DENSE);
        }
        return new AttentionPlan(plan);
    }

    @Override
    public AttentionPattern[][] patterns() {
        return copy(patterns);
    }

    /** The share of all heads that each pattern has (every pattern listed, 0 for those unused). */
    public Map<AttentionPattern, Double> shares() {
        Map<AttentionPattern, Double> shares = new EnumMap<>(AttentionPattern.class);
        int heads = 0;
        for (AttentionPattern pattern : AttentionPattern.values()) {
            shares.put(pattern, 0.0);
        }
        for (AttentionPattern[] layer : patterns) {
            for (AttentionPattern pattern : layer) {
                shares.merge(pattern, 1.0, Double::sum);
                heads++;
            }
        }
        int total = heads;
        shares.replaceAll((p, count) -> total == 0 ? 0 : count / total);
        return shares;
    }

    /**
     * The share of the dense attention scores the plan computes, over a grid of {@code frames} frames of
     * {@code patches} patches: dense/sparse is the attention FLOP ratio.
     */
    public double density(int frames, int patches) {
        double sum = 0;
        int heads = 0;
        for (AttentionPattern[] layer : patterns) {
            for (AttentionPattern pattern : layer) {
                sum += pattern.density(frames, patches);
                heads++;
            }
        }
        return heads == 0 ? 1 : sum / heads;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode layers = root.putArray("layers");
        for (AttentionPattern[] layer : patterns) {
            ArrayNode heads = layers.addArray();
            for (AttentionPattern pattern : layer) {
                heads.add(pattern.name().toLowerCase(Locale.ROOT));
            }
        }
        ObjectNode shares = root.putObject("shares");
        shares().forEach((pattern, share) -> shares.put(pattern.name().toLowerCase(Locale.ROOT), share));
        return root.toPrettyString();
    }

    /** @throws IllegalArgumentException saying what is wrong with the text */
    public static AttentionPlan fromJson(String json) {
        JsonNode layers;
        try {
            layers = JSON.readTree(json).path("layers");
        } catch (IOException e) {
            throw new IllegalArgumentException("an attention plan is JSON: " + e.getMessage(), e);
        }
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("an attention plan needs \"layers\": a list of each layer's head patterns");
        }
        AttentionPattern[][] plan = new AttentionPattern[layers.size()][];
        for (int l = 0; l < layers.size(); l++) {
            JsonNode heads = layers.get(l);
            plan[l] = new AttentionPattern[heads.size()];
            for (int h = 0; h < heads.size(); h++) {
                String name = heads.get(h).asText();
                try {
                    plan[l][h] = AttentionPattern.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("layer " + l + ", head " + h + ": no pattern '" + name
                            + "' (patterns: " + java.util.Arrays.toString(AttentionPattern.values()) + ")");
                }
            }
        }
        return new AttentionPlan(plan);
    }

    public void write(Path modelDir) throws IOException {
        Files.writeString(modelDir.resolve(FILE), toJson());
    }

    public static AttentionPlan read(Path modelDir) throws IOException {
        return fromJson(Files.readString(modelDir.resolve(FILE)));
    }

    private static AttentionPattern[][] copy(AttentionPattern[][] plan) {
        AttentionPattern[][] out = new AttentionPattern[plan.length][];
        for (int i = 0; i < plan.length; i++) {
            out[i] = plan[i].clone();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionPlan other && java.util.Arrays.deepEquals(patterns, other.patterns);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.deepHashCode(patterns);
    }

    @Override
    public String toString() {
        return "AttentionPlan" + java.util.Arrays.deepToString(patterns);
    }
}
