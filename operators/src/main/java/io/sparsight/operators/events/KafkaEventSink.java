package io.sparsight.operators.events;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import java.time.Duration;
import java.util.Properties;

/**
 * Builds the Kafka sink every job writes its events with. Exactly-once by default: events are written in Kafka
 * transactions committed when a Flink checkpoint completes, so {@code read_committed} consumers see each once.
 */
public final class KafkaEventSink {

    /** Brokers cap transactions at {@code transaction.max.timeout.ms}, 15 minutes by default; stay below it. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private String bootstrapServers;
    private DeliveryGuarantee guarantee = DeliveryGuarantee.EXACTLY_ONCE;
    private String transactionalIdPrefix;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private EventTopics topics = EventTopics.defaults();
    private String job = CloudEventJson.DEFAULT_JOB;
    private final Properties producerProperties = new Properties();

    private KafkaEventSink() {}

    public static KafkaEventSink builder() {
        return new KafkaEventSink();
    }

    public KafkaEventSink bootstrapServers(String servers) {
        this.bootstrapServers = servers;
        return this;
    }

    public KafkaEventSink deliveryGuarantee(DeliveryGuarantee guarantee) {
        this.guarantee = guarantee;
        return this;
    }

    /** Must be stable across restarts of the same job and unique among jobs writing to the same cluster. */
    public KafkaEventSink transactionalIdPrefix(String prefix) {
        this.transactionalIdPrefix = prefix;
        return this;
    }

    public KafkaEventSink transactionTimeout(Duration timeout) {
        this.transactionTimeout = timeout;
        return this;
    }

    /** The job's name, in every event's CloudEvents {@code source} ({@code /sparsight/<job>/<camera>}). */
    public KafkaEventSink job(String name) {
        this.job = name;
        return this;
    }

    public KafkaEventSink topics(EventTopics topics) {
        this.topics = topics;
        return this;
    }

    public KafkaEventSink producerProperty(String key, String value) {
        producerProperties.setProperty(key, value);
        return this;
    }

    /** Client properties for the producers (SASL, SSL, ...; bootstrap.servers too when there), secrets as references. */
    public KafkaEventSink clientProperties(Properties properties) {
        properties.forEach((k, v) -> {
            if (k.equals("bootstrap.servers")) {
                bootstrapServers = String.valueOf(v);
            } else {
                producerProperties.setProperty(String.valueOf(k), String.valueOf(v));
            }
        });
        return this;
    }

    public KafkaSink<EventRecord> build() {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("the Kafka sink needs bootstrap servers (host:port[,host:port])");
        }
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && (transactionalIdPrefix == null || transactionalIdPrefix.isBlank())) {
            throw new IllegalArgumentException("EXACTLY_ONCE delivery needs a transactionalIdPrefix that stays the "
                    + "same across restarts of this job and differs from other jobs' (e.g. sparsight-<job name>)");
        }
        var builder = KafkaSink.<EventRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(guarantee)
                .setRecordSerializer(new EventSerializationSchema(topics, job))
                .setKafkaProducerConfig(producerProperties);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()));
        }
        return builder.build();
    }
}
