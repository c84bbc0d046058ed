package io.sparsight.pipelines.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Collection;

/**
 * One real in-process Kafka broker for a test class: {@code @RegisterExtension static EmbeddedKafkaExtension kafka
 * = new EmbeddedKafkaExtension();}. Tests create fresh topics on it.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public void createTopics(Collection<String> topics) {
        kafka.createTopics(topics);
    }

    public void createTopics(Collection<String> topics, int partitions) {
        kafka.createTopics(topics, partitions);
    }
}
