package io.sparsight.operators.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The properties every Kafka client of a job or command gets from {@code kafka.properties} (SASL, SSL and any
 * other client setting), with secret references left for the Kafka client to resolve when it starts, through
 * Kafka's config providers: {@code ${env:NAME}} by Kafka's EnvVarConfigProvider, {@code ${file:PATH}} by
 * {@link FileSecretProvider}. So neither the job graph, the Flink web UI's configuration, nor a checkpoint holds the
 * secret, only the reference.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {}

    /** The client properties: {@code configured}, the providers its references need, and the bootstrap servers. */
    public static Properties of(String bootstrapServers, Map<String, String> configured) {
        Properties props = new Properties();
        props.putAll(configured);
        boolean env = configured.values().stream().anyMatch(v -> v.contains("${env:"));
        boolean file = configured.values().stream().anyMatch(v -> v.contains("${file:"));
        if (env) {
            addProvider(props, "env", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        }
        if (file) {
            addProvider(props, "file", FileSecretProvider.class.getName());
        }
        if (bootstrapServers != null) {
            props.setProperty("bootstrap.servers", bootstrapServers);
        }
        return props;
    }

    private static void addProvider(Properties props, String name, String className) {
        String existing = props.getProperty("config.providers");
        props.setProperty("config.providers", existing == null || existing.isBlank() ? name : existing + "," + name);
        props.setProperty("config.providers." + name + ".class", className);
    }

    /** Whether a property's value must not be shown: passwords, keys, JAAS configurations, tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.endsWith(".key")
                || k.contains("token") || k.contains("credential");
    }

    /** The property for a message or listing: the value, or {@code ***} for a secret one (a lone reference shows). */
    public static String shown(String key, String value) {
        if (isSecret(key) && !value.matches("\\$\\{(env|file):[^}]+}")) {
            return "***";
        }
        return value;
    }
}
