package io.sparsight.pipelines.ui;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The events the web view shows: one read_committed consumer over every event topic, from the oldest event, on its
 * own thread. The last {@code backlog} events (CloudEvents JSON) are kept for pages that open later; every event is
 * handed to the open pages' queues (a page that falls 1,000 events behind is dropped and reconnects).
 */
final class EventFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    static final int SUBSCRIBER_QUEUE = 1_000;
    private static final long PARTITION_LOOK_MS = 3_000;

    private final Properties client;
    private final List<String> topics;
    private final int backlog;
    private final Deque<String> recent = new ArrayDeque<>();
    private final Set<BlockingQueue<String>> subscribers = new CopyOnWriteArraySet<>();
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean closed;
    private volatile String problem;

    EventFeed(Properties client, Collection<String> topics, int backlog) {
        this.client = client;
        this.topics = List.copyOf(topics);
        this.backlog = backlog;
        this.thread = new Thread(this::follow, "ui-event-feed");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The kept events, oldest first. */
    synchronized List<String> recent() {
        return new ArrayList<>(recent);
    }

    /** A queue that receives every event from now on; {@link #unsubscribe} it when the page goes. */
    BlockingQueue<String> subscribe() {
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(SUBSCRIBER_QUEUE);
        subscribers.add(queue);
        return queue;
    }

    /** Subscribes and returns the kept events, with no event lost or repeated between the two. */
    synchronized Subscription open() {
        return new Subscription(new ArrayList<>(recent), subscribe());
    }

    record Subscription(List<String> backlog, BlockingQueue<String> live) {}

    void unsubscribe(BlockingQueue<String> queue) {
        subscribers.remove(queue);
    }

    boolean isSubscribed(BlockingQueue<String> queue) {
        return subscribers.contains(queue);
    }

    /** What keeps the feed from the broker, or null while it reads. */
    String problem() {
        return problem;
    }

    private synchronized void publish(String event) {
        recent.addLast(event);
        while (recent.size() > backlog) {
            recent.removeFirst();
        }
        for (BlockingQueue<String> queue : subscribers) {
            if (!queue.offer(event)) {
                subscribers.remove(queue);
            }
        }
    }

    private void follow() {
        while (!closed) {
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties())) {
                consumer = kafka;
                Set<TopicPartition> assigned = new HashSet<>();
                long nextLookMs = 0;
                while (!closed) {
                    if (System.currentTimeMillis() >= nextLookMs) {
                        // topics appear when a job first writes them: look for new partitions now and then
                        assignNewPartitions(kafka, assigned);
                        problem = null;
                        nextLookMs = System.currentTimeMillis() + PARTITION_LOOK_MS;
                    }
                    if (assigned.isEmpty()) {
                        Thread.sleep(200);
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(300))) {
                        if (record.value() != null) {
                            publish(new String(record.value(), StandardCharsets.UTF_8));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (WakeupException e) {
                return;
            } catch (KafkaException e) {
                problem = "Kafka at " + client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + " did not answer: " + e.getMessage();
                LOG.warn("{}; trying again in 5 s", problem);
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void assignNewPartitions(KafkaConsumer<byte[], byte[]> kafka, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : kafka.partitionsFor(topic, Duration.ofSeconds(15))) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (assigned.add(partition)) {
                    added.add(partition);
                }
            }
        }
        if (!added.isEmpty()) {
            kafka.assign(assigned);
            kafka.seekToBeginning(added);
        }
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
