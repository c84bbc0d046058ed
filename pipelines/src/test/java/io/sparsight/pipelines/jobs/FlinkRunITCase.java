package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import org.apache.flink.client.cli.CliFrontend;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job run by Flink's own command-line client ({@code CliFrontend}, the class behind {@code flink run}), from the
 * built job jar with a configuration file: {@code flink run -t local -c io.sparsight.pipelines.jobs.SparsightJob
 * sparsight-job.jar --config job.yaml}, on a local cluster that the client starts, with the parent-first class
 * loading of deploy/flink/config.yaml. Events are read back committed from a real broker.
 */
class FlinkRunITCase {

    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void flinkRunRunsTheJobJarWithAConfigurationAndItsEventsAreCommitted() throws Exception {
        kafka.createTopics(EventTopics.defaults().allTopics());
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        Path config = Files.writeString(dir.resolve("pipeline.yaml"), """
                job: { name: flink-run, parallelism: 1, checkpointInterval: 500ms }
                cameras:
                  - { id: cam, url: '%s', sampling: full, size: 180x120 }
                kafka: { bootstrapServers: '%s' }
                """.formatted(clip, kafka.bootstrapServers()));
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(confDir.resolve("config.yaml"), """
                classloader: { resolve-order: parent-first }
                jobmanager: { bind-host: 127.0.0.1, rpc: { address: 127.0.0.1 } }
                taskmanager: { bind-host: 127.0.0.1, host: 127.0.0.1, numberOfTaskSlots: 1 }
                rest: { bind-address: 127.0.0.1, address: 127.0.0.1, port: 0 }
                """);

        Configuration flinkConf = GlobalConfiguration.loadConfiguration(confDir.toString());
        CliFrontend flink = new CliFrontend(flinkConf, CliFrontend.loadCustomCommandLines(flinkConf, confDir.toString()));
        int exit = flink.parseAndRun(new String[] {"run", "-t", "local", "-c", SparsightJob.class.getName(),
                TARGET.resolve("sparsight-job.jar").toString(), "--config", config.toString()});
        assertThat(exit).as("flink run's exit code").isZero();

        List<EventRecord> events = CommittedEventReader.readAll(kafka.bootstrapServers(),
                EventTopics.defaults().allTopics(), Duration.ofSeconds(30));
        assertThat(events).extracting(e -> e.type).contains(EventTypes.MOTION, EventTypes.CAMERA_STATUS);
        assertThat(events).extracting(e -> e.camera).containsOnly("cam");
    }

    @Test
    void theJobJarHoldsTheEntryClassAndTheLibJarNoFlink() throws Exception {
        try (JarFile job = new JarFile(TARGET.resolve("sparsight-job.jar").toFile())) {
            assertThat(job.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(SparsightJob.class.getName());
            assertThat(job.getEntry("io/sparsight/pipelines/jobs/SparsightJob.class")).isNotNull();
        }
        try (JarFile lib = new JarFile(TARGET.resolve("sparsight-flink-lib.jar").toFile())) {
            assertThat(lib.getEntry("io/sparsight/pipelines/jobs/ConfiguredJob.class")).isNotNull();
            assertThat(lib.getEntry("org/apache/flink/connector/kafka/sink/KafkaSink.class")).isNotNull();
            assertThat(lib.getEntry("jnilib/linux-x86_64/cpu/libdjl_torch.so")).as("DJL's JNI").isNotNull();
            assertThat(lib.stream().map(e -> e.getName()))
                    .as("nothing a Flink distribution has already")
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/") || n.startsWith("org/apache/flink/streaming/api/")
                            || n.startsWith("org/apache/logging/log4j/") || n.startsWith("org/slf4j/"));
        }
    }
}
