package io.sparsight.pipelines.local;

import io.sparsight.operators.events.EventTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaITCase {

    private static long kafkaTempDirs() throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("sparsight-kafka-")).count();
        }
    }

    @Test
    void transactionsCommitAndAbortAsReadCommittedConsumersExpect() throws Exception {
        long dirsBefore = kafkaTempDirs();
        String bootstrap;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            bootstrap = kafka.bootstrapServers();
            assertThat(bootstrap).startsWith("127.0.0.1:");
            kafka.createTopics(List.of("t"), 1); // one partition: the two records are read back in the order sent
            kafka.createTopics(List.of("events"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions())
                        .as("an event topic's partitions").hasSize(EventTopics.DEFAULT_PARTITIONS);
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "committed".getBytes()));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "aborted".getBytes()));
                producer.flush();
                producer.abortTransaction();
            }
            assertThat(CommittedEventReader.readRecords(bootstrap, List.of("t"), "read_committed", Duration.ofSeconds(20)))
                    .extracting(r -> new String(r.value())).containsExactly("committed");
            assertThat(CommittedEventReader.readRecords(bootstrap, List.of("t"), "read_uncommitted", Duration.ofSeconds(20)))
                    .extracting(r -> new String(r.value())).containsExactly("committed", "aborted");
        }
        // closed: the port is free and the temporary log folder is gone
        int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(java.io.IOException.class);
        assertThat(kafkaTempDirs()).isEqualTo(dirsBefore);
    }

    @Test
    void aKeptBrokerFindsItsTopicsAndEventsAgainAfterARestart(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafka kafka = EmbeddedKafka.startKeeping(logDir, FreePorts.next(), FreePorts.next())) {
            QueryTopic.sendRaw(kafka.bootstrapServers(), "kept", List.of("first start"));
        }
        assertThat(logDir.resolve("data").resolve("meta.properties")).as("formatted once, kept").exists();
        try (EmbeddedKafka again = EmbeddedKafka.startKeeping(logDir, FreePorts.next(), FreePorts.next())) {
            QueryTopic.sendRaw(again.bootstrapServers(), "kept", List.of("second start"));
            List<String> values = CommittedEventReader.readRecords(again.bootstrapServers(), List.of("kept"),
                    "read_committed", Duration.ofSeconds(30)).stream().map(r -> new String(r.value())).toList();
            assertThat(values).containsExactly("first start", "second start");
        }
        assertThat(logDir).as("a kept log is not deleted on close").exists();
    }
}
