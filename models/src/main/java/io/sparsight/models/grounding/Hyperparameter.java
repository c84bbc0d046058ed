package io.sparsight.models.grounding;

import java.util.Map;

/** Reading a model's hyperparameters back from model.json's map. */
final class Hyperparameter {

    private Hyperparameter() {}

    static int integer(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("hyperparameter '" + key + "' is missing or not a number: " + value);
        }
        return n.intValue();
    }
}
