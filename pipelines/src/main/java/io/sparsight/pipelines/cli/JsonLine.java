package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON object a command's {@code --json} prints on its last line, written by Jackson: keys in the order
 * they are put, measured figures rounded to the decimals they are meaningful to, NaN (undefined) as {@code null}.
 */
final class JsonLine {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** A value as it is: a string, a whole number, a boolean, or null. */
    JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** A measured figure rounded to {@code decimals}; NaN and infinities become null. */
    JsonLine put(String key, double value, int decimals) {
        fields.put(key, Double.isFinite(value)
                ? BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros() : null);
        return this;
    }

    /** The fields of another line, each key prefixed ({@code live_} + {@code micro_auc}). */
    JsonLine putAll(String prefix, JsonLine other) {
        other.fields.forEach((k, v) -> fields.put(prefix + k, v));
        return this;
    }

    @Override
    public String toString() {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
