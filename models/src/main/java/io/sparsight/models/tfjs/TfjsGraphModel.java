package io.sparsight.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A TF.js graph model as its converter writes it: {@code model.json} (the GraphDef as JSON, the signature and a
 * manifest of the weights) and one or more binary weight files beside it. Reading decodes every weight once (float16
 * and 8/16-bit quantised weights back to float32) and keeps the nodes in file order, for an engine to compile
 * once. Nothing here depends on an engine.
 */
public final class TfjsGraphModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<TfjsNode> nodes;
    private final Map<String, TfjsTensor> weights;
    private final List<String> inputs;
    private final List<String> outputs;

    private TfjsGraphModel(String name, List<TfjsNode> nodes, Map<String, TfjsTensor> weights, List<String> inputs,
            List<String> outputs) {
        this.name = name;
        this.nodes = nodes;
        this.weights = weights;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /** The bytes of a file beside the model's JSON, by name; null when there is no such file. */
    @FunctionalInterface
    interface Siblings {
        byte[] read(String name) throws IOException;
    }

    /** Reads {@code file} (a model.json) and the weight files its manifest names, from the same folder. */
    public static TfjsGraphModel read(Path file) throws IOException {
        return read(file.toString(), file.getFileName().toString(), name -> {
            Path sibling = file.resolveSibling(name);
            return Files.isRegularFile(sibling) ? Files.readAllBytes(sibling) : null;
        });
    }

    /** Reads a model shipped in the jar: {@code /models/<folder>/<file>} and its weight files beside it. */
    public static TfjsGraphModel readBundled(String folder, String file) throws IOException {
        String base = "/models/" + folder + "/";
        return read("bundled:" + folder + "/" + file, file, name -> {
            try (java.io.InputStream in = TfjsGraphModel.class.getResourceAsStream(base + name)) {
                return in == null ? null : in.readAllBytes();
            }
        });
    }

    private static TfjsGraphModel read(String where, String fileName, Siblings siblings) throws IOException {
        byte[] json = siblings.read(fileName);
        if (json == null) {
            throw new IOException("TF.js model " + where + " is not there");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("TF.js model " + where + " is not JSON: " + e.getMessage(), e);
        }
        if (!"graph-model".equals(root.path("format").asText())) {
            throw new IOException("TF.js model " + where + " is a '" + root.path("format").asText()
                    + "', not a graph-model");
        }
        String name = fileName.replaceFirst("\\.json$", "");
        List<TfjsNode> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (JsonNode node : root.path("modelTopology").path("node")) {
            TfjsNode parsed = TfjsNode.of(node);
            nodes.add(parsed);
            if (parsed.op().equals("Placeholder")) {
                inputs.add(parsed.name());
            }
        }
        List<String> outputs = new ArrayList<>();
        root.path("signature").path("outputs").fields().forEachRemaining(e -> {
            String tensor = e.getValue().path("name").asText(e.getKey());
            outputs.add(tensor.endsWith(":0") ? tensor.substring(0, tensor.length() - 2) : tensor);
        });
        Map<String, TfjsTensor> weights = readWeights(where, root.path("weightsManifest"), siblings);
        for (TfjsNode node : nodes) {
            if (node.op().equals("Const") && !weights.containsKey(node.name())) {
                throw new IOException("TF.js model " + where + ": the constant '" + node.name()
                        + "' has no weight in the manifest");
            }
        }
        return new TfjsGraphModel(name, List.copyOf(nodes), Collections.unmodifiableMap(weights), List.copyOf(inputs),
                List.copyOf(outputs));
    }

    private static Map<String, TfjsTensor> readWeights(String where, JsonNode manifest, Siblings siblings)
            throws IOException {
        Map<String, TfjsTensor> weights = new LinkedHashMap<>();
        for (JsonNode group : manifest) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode path : group.path("paths")) {
                byte[] part = siblings.read(path.asText());
                if (part == null) {
                    throw new IOException("TF.js model " + where + ": weight file " + path.asText() + " is missing");
                }
                bytes.write(part);
            }
            ByteBuffer data = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode weight : group.path("weights")) {
                TfjsTensor tensor = decode(weight, data);
                weights.put(tensor.name(), tensor);
            }
            if (data.hasRemaining()) {
                throw new IOException("TF.js model " + where + ": " + data.remaining()
                        + " bytes of weights are not in the manifest");
            }
        }
        return weights;
    }

    /** Decodes one manifest entry at the buffer's position and moves past it. */
    static TfjsTensor decode(JsonNode weight, ByteBuffer data) throws IOException {
        String name = weight.path("name").asText();
        JsonNode shapeNode = weight.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = shapeNode.get(k).asLong();
        }
        int count = Math.toIntExact(TfjsTensor.size(shape));
        String dtype = weight.path("dtype").asText();
        JsonNode quantization = weight.path("quantization");
        String stored = quantization.isMissingNode() ? dtype : quantization.path("dtype").asText();
        int bytesPerValue = switch (stored) {
            case "float32", "int32" -> 4;
            case "float16", "uint16" -> 2;
            case "uint8", "bool" -> 1;
            default -> throw new IOException("weight '" + name + "' is stored as " + stored
                    + ", which this reader does not know (float32, int32, float16, uint16, uint8, bool)");
        };
        if (data.remaining() < (long) count * bytesPerValue) {
            throw new IOException("weight '" + name + "' needs " + (long) count * bytesPerValue + " bytes; the file has "
                    + data.remaining() + " left (a truncated weight file?)");
        }
        if (dtype.equals("int32") || dtype.equals("bool")) {
            int[] values = new int[count];
            for (int k = 0; k < count; k++) {
                values[k] = switch (stored) {
                    case "int32" -> data.getInt();
                    case "uint16" -> data.getShort() & 0xFFFF;
                    default -> data.get() & 0xFF;
                };
            }
            return TfjsTensor.ofInts(name, dtype, shape, values);
        }
        if (!dtype.equals("float32")) {
            throw new IOException("weight '" + name + "' has dtype " + dtype + ", which this reader does not know");
        }
        float[] values = new float[count];
        double scale = quantization.path("scale").asDouble(1);
        double min = quantization.path("min").asDouble(0);
        for (int k = 0; k < count; k++) {
            values[k] = switch (stored) {
                case "float32" -> data.getFloat();
                case "float16" -> halfToFloat(data.getShort());
                case "uint16" -> (float) ((data.getShort() & 0xFFFF) * scale + min);
                case "uint8" -> (float) ((data.get() & 0xFF) * scale + min);
                default -> throw new IOException("weight '" + name + "': float32 stored as " + stored);
            };
        }
        return TfjsTensor.ofFloats(name, shape, values);
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13)); // infinity or NaN
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f; // zero or subnormal
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * Fails with a message that names every op of the graph outside {@code supported} (and a node of each), so an
     * unknown model is refused when it loads, not half-way through a frame.
     */
    public void requireOps(Set<String> supported) throws IOException {
        Map<String, String> unknown = new LinkedHashMap<>();
        for (TfjsNode node : nodes) {
            if (!supported.contains(node.op())) {
                unknown.putIfAbsent(node.op(), node.name());
            }
        }
        if (!unknown.isEmpty()) {
            StringBuilder message = new StringBuilder("TF.js model '" + name + "' uses ops this importer does not run: ");
            unknown.forEach((op, node) -> message.append(op).append(" (node ").append(node).append("), "));
            message.setLength(message.length() - 2);
            message.append("; it runs ").append(new TreeSet<>(supported));
            throw new IOException(message.toString());
        }
    }

    public String name() {
        return name;
    }

    public List<TfjsNode> nodes() {
        return nodes;
    }

    public Map<String, TfjsTensor> weights() {
        return weights;
    }

    /** The placeholders, in file order. */
    public List<String> inputs() {
        return inputs;
    }

    /** The signature's output nodes. */
    public List<String> outputs() {
        return outputs;
    }
}
