package io.sparsight.models.tfjs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One node of a TF.js graph model's GraphDef (as model.json writes it): its name, op, inputs and attributes. Inputs
 * name a node, with {@code :k} for its k-th output; control inputs ({@code ^name}) are dropped, since the graph runs
 * in one thread in topological order anyway. String attributes are base64 in the file and decoded here.
 */
public record TfjsNode(String name, String op, List<String> inputs, JsonNode attributes) {

    static TfjsNode of(JsonNode node) {
        List<String> inputs = new ArrayList<>();
        for (JsonNode input : node.path("input")) {
            String text = input.asText();
            if (!text.startsWith("^")) {
                inputs.add(text);
            }
        }
        return new TfjsNode(node.path("name").asText(), node.path("op").asText(), List.copyOf(inputs),
                node.path("attr"));
    }

    public boolean has(String attribute) {
        return attributes.has(attribute);
    }

    /** A string attribute ({@code padding}, {@code data_format}), or the default when absent. */
    public String string(String attribute, String otherwise) {
        JsonNode value = attributes.path(attribute).path("s");
        return value.isMissingNode() ? otherwise : decode(value.asText());
    }

    /** A list-of-strings attribute ({@code fused_ops}). */
    public List<String> strings(String attribute) {
        List<String> values = new ArrayList<>();
        for (JsonNode s : attributes.path(attribute).path("list").path("s")) {
            values.add(decode(s.asText()));
        }
        return values;
    }

    /** A list-of-ints attribute ({@code strides}, {@code ksize}, {@code dilations}). */
    public long[] ints(String attribute) {
        JsonNode list = attributes.path(attribute).path("list").path("i");
        long[] values = new long[list.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = Long.parseLong(list.get(k).asText());
        }
        return values;
    }

    public long integer(String attribute, long otherwise) {
        JsonNode value = attributes.path(attribute).path("i");
        return value.isMissingNode() ? otherwise : Long.parseLong(value.asText());
    }

    public double number(String attribute, double otherwise) {
        JsonNode value = attributes.path(attribute).path("f");
        return value.isMissingNode() ? otherwise : value.asDouble();
    }

    public boolean bool(String attribute, boolean otherwise) {
        JsonNode value = attributes.path(attribute).path("b");
        return value.isMissingNode() ? otherwise : value.asBoolean();
    }

    /** The node an input names, without its output index. */
    public static String producer(String input) {
        int colon = input.lastIndexOf(':');
        return colon < 0 ? input : input.substring(0, colon);
    }

    /** Which output of its producer an input reads (0 unless it says {@code :k}). */
    public static int outputIndex(String input) {
        int colon = input.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(input.substring(colon + 1));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
