package io.sparsight.pipelines.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The line of every key in a YAML text, by path ({@code cameras[1].sampling}), so errors can point at it. */
final class YamlLines {

    private final Map<String, Integer> lineByPath;

    private YamlLines(Map<String, Integer> lineByPath) {
        this.lineByPath = lineByPath;
    }

    static YamlLines index(String yaml) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token == JsonToken.START_OBJECT
                        || token == JsonToken.START_ARRAY) {
                    String path = path(parser.getParsingContext().pathAsPointer(token != JsonToken.FIELD_NAME));
                    lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            // a text that does not parse gets its error from the loader; no lines to offer here
        }
        return new YamlLines(lines);
    }

    /** {@code /cameras/1/sampling} as {@code cameras[1].sampling}. */
    static String path(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(p.getMatchingProperty());
            }
        }
        return out.toString();
    }

    /** The line of the path, or of its nearest parent that has one; 0 when unknown. */
    int lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lineByPath.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return 0;
    }
}
