package io.sparsight.operators.grounding;

import io.sparsight.operators.secrets.KafkaClientProperties;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import java.util.Properties;

/**
 * The control topic as a Flink source. It is read from the beginning: replaying every add and remove rebuilds the
 * standing queries of a new job (a restored job goes on from its checkpointed offsets and broadcast state).
 */
public final class ControlSource {

    private ControlSource() {}

    /**
     * @param untilNow stop at the messages there are when the job starts (for jobs over files, which end); otherwise
     *     follow the topic for as long as the job runs
     */
    public static KafkaSource<ControlMessage> kafka(String bootstrapServers, String topic, String groupId,
            boolean untilNow) {
        return kafka(KafkaClientProperties.of(bootstrapServers, java.util.Map.of()), topic, groupId, untilNow);
    }

    /** As {@link #kafka(String, String, String, boolean)}, with client properties (bootstrap.servers included). */
    public static KafkaSource<ControlMessage> kafka(Properties client, String topic, String groupId,
            boolean untilNow) {
        KafkaSourceBuilder<ControlMessage> builder = KafkaSource.<ControlMessage>builder()
                .setProperties(client)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ControlMessageDeserializer())
                .setProperty("partition.discovery.interval.ms", "0")
                // the read position is in Flink's checkpoints; committing it to a consumer group as well only makes
                // warnings while the group coordinator starts
                .setProperty("commit.offsets.on.checkpoint", "false");
        if (untilNow) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
