package io.sparsight.operators.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret values written as references instead of in the clear: {@code ${env:NAME}} (an environment variable) and
 * {@code ${file:PATH}} (a file's content, trailing line breaks removed, e.g. a mounted Kubernetes secret). A job
 * carries the references (in its graph, checkpoints and savepoints) and resolves them where a connection is opened:
 * camera URLs in the camera's reader ({@link #resolve}), Kafka properties inside the Kafka client through Kafka's own
 * config providers ({@link KafkaClientProperties}).
 */
public final class SecretReferences {

    /** {@code ${env:NAME}} or {@code ${file:PATH}}. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

    private SecretReferences() {}

    /** Whether the whole text is one reference, e.g. {@code ${env:KAFKA_PASSWORD}}. */
    public static boolean isReference(String text) {
        return text != null && REFERENCE.matcher(text.strip()).matches();
    }

    /** Whether the text holds at least one reference. */
    public static boolean hasReference(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    /** The text with every reference replaced by its value, from this process's environment and files. */
    public static String resolve(String text) {
        return resolve(text, System.getenv()::get);
    }

    static String resolve(String text, Function<String, String> environment) {
        if (text == null || !hasReference(text)) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1).equals("env") ? fromEnvironment(m.group(2), environment) : fromFile(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The text with each reference's value shown as {@code ***}: what logs and messages may print. */
    public static String redact(String text) {
        return text == null ? null : REFERENCE.matcher(text).replaceAll("***");
    }

    private static String fromEnvironment(String name, Function<String, String> environment) {
        String value = environment.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("${env:" + name + "}: the environment variable " + name
                    + " is not set in this process");
        }
        return value;
    }

    private static String fromFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException("${file:" + path + "}: cannot read the file (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    /** Every reference's variable or file, checked without reading any value into a message; null when all are there. */
    public static String missing(Map<String, String> values, Function<String, String> environment) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Matcher m = REFERENCE.matcher(e.getValue());
            while (m.find()) {
                if (m.group(1).equals("env") && environment.apply(m.group(2)) == null) {
                    return e.getKey() + ": ${env:" + m.group(2) + "} is not set in this process";
                }
                if (m.group(1).equals("file") && !Files.isReadable(Path.of(m.group(2)))) {
                    return e.getKey() + ": ${file:" + m.group(2) + "} is not a readable file here";
                }
            }
        }
        return null;
    }
}
