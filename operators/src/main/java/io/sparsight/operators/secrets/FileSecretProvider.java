package io.sparsight.operators.secrets;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's config provider for {@code ${file:PATH}}: the value is the whole file, trailing line breaks removed (a
 * mounted secret, a password file written by {@code echo}). Kafka's own file providers read a properties file's key
 * or keep the line break, which breaks a {@code sasl.jaas.config}.
 */
public final class FileSecretProvider implements ConfigProvider {

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    /** @param keys file paths ({@code ${file:PATH}} arrives as path null, key PATH) */
    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            String file = path == null || path.isEmpty() ? key : path + ":" + key;
            try {
                values.put(key, SecretReferences.resolve("${file:" + file + "}"));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        return new ConfigData(values);
    }

    @Override
    public void close() {}
}
