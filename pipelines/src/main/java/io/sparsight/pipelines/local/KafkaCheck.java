package io.sparsight.pipelines.local;

import io.sparsight.operators.secrets.SecretReferences;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the broker who it is with the job's client properties before anything starts, so a wrong password, a TLS
 * problem or a broker that is not there is one line that names the cause, not a job that restarts until it fails.
 * The line never holds a secret: only the references, the broker address and Kafka's own reason.
 */
public final class KafkaCheck {

    private KafkaCheck() {}

    /** Null when the broker answers and accepts the credentials; else what is wrong, in one line. */
    public static String problem(Properties client, Duration timeout) {
        String servers = client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Map<String, String> values = new HashMap<>();
        client.forEach((k, v) -> values.put("kafka.properties." + k, String.valueOf(v)));
        String missing = SecretReferences.missing(values, System.getenv()::get);
        if (missing != null) {
            return missing;
        }
        Properties props = new Properties();
        props.putAll(client);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(AdminClientConfig.RETRIES_CONFIG, "0");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SaslAuthenticationException) {
                return "Kafka at " + servers + " refused the credentials of kafka.properties (SASL): "
                        + cause.getMessage();
            }
            if (cause instanceof SslAuthenticationException) {
                return "the TLS handshake with Kafka at " + servers + " failed (kafka.properties ssl.*): "
                        + rootMessage(cause);
            }
            return "Kafka at " + servers + " did not answer: " + rootMessage(cause);
        } catch (TimeoutException e) {
            return "no Kafka broker answered at " + servers + " within " + timeout.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while asking Kafka at " + servers;
        } catch (org.apache.kafka.common.KafkaException e) {
            return "cannot make a Kafka client for " + servers + " from kafka.properties: " + rootMessage(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
