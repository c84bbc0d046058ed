package io.sparsight.pipelines.local;

import io.sparsight.operators.source.CameraChange;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.config.CameraControlMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job's camera control topic, from outside the job: send adds and removes, and read which cameras are in force. The
 * topic has one partition, so the job applies the changes in the order they were sent.
 */
public final class CameraTopic {

    private CameraTopic() {}

    /** Sends control messages (as they are) after creating the topic with one partition if it is missing. */
    public static void send(Properties client, String topic, List<String> messages) {
        createIfMissing(client, topic);
        QueryTopic.sendRaw(client, topic, 0, messages);
    }

    /**
     * The cameras a job of this configuration runs: its configured ones, then every valid add and remove on the
     * topic in order (invalid messages change nothing, as in the job).
     */
    public static Map<String, CameraSpec> inForce(Properties client, String topic, List<CameraSpec> configured,
            Duration timeout) {
        Map<String, CameraSpec> cameras = new LinkedHashMap<>();
        configured.forEach(c -> cameras.put(c.id(), c));
        createIfMissing(client, topic);
        CameraControlMessages parser = new CameraControlMessages();
        for (ConsumerRecord<byte[], byte[]> r : CommittedEventReader.readRecords(client, List.of(topic), "read_committed",
                timeout)) {
            if (r.value() == null) {
                continue;
            }
            try {
                CameraChange change = parser.parse(new String(r.value(), StandardCharsets.UTF_8));
                if (change.isAdd()) {
                    cameras.put(change.cameraId(), change.camera());
                } else {
                    cameras.remove(change.cameraId());
                }
            } catch (IllegalArgumentException e) {
                // refused by the job too (it logs why); changes nothing
            }
        }
        return cameras;
    }

    private static void createIfMissing(Properties client, String topic) {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all()
                    .get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the camera control topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in 20 s when creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }
}
