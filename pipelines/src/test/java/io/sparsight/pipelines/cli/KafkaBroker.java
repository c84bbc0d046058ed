package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.pipelines.local.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests whose jobs run elsewhere (a {@code run} JVM of its own, a cluster started by a script), as a class-level
 * extension ({@code @RegisterExtension static}): a real Kafka broker on loopback with the default topics.
 */
final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(EventTopics.defaults().allTopics());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        kafka.close();
    }
}
