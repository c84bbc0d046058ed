package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that takes only SASL/PLAIN clients with the right password, on loopback: {@code kafka.properties} with
 * the password as a {@code ${file:PATH}} reference runs a job whose events are committed there; the wrong password
 * is one line that names the cause; no output of the commands shows the password.
 */
class SecuredKafkaITCase {

    private static final String PASSWORD = "pw-" + Long.toHexString(Double.doubleToLongBits(Math.PI));

    private static EmbeddedKafka kafka;

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @BeforeAll
    static void startASecuredBroker() {
        kafka = EmbeddedKafka.startWithSaslPlain("sparsight", PASSWORD);
        kafka.createTopics(EventTopics.defaults().allTopics());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theRightPasswordFromAFileRunsTheJobAndNothingShowsIt() throws Exception {
        Path config = configWithPasswordFile(PASSWORD);

        assertThat(SparsightCli.run("validate", "--config", config.toString())).as(console.err()).isZero();
        assertThat(console.out()).contains("kafka.sasl.jaas.config = ***").contains("kafka.security.protocol = SASL_PLAINTEXT");

        int exit = SparsightCli.run("run", "--config", config.toString());
        assertThat(exit).as(console.err()).isZero();
        assertThat(console.out() + console.err()).doesNotContain(PASSWORD);

        List<EventRecord> events = CommittedEventReader.readAll(KafkaClientProperties.of(kafka.saslBootstrapServers(),
                saslProperties("${file:" + dir.resolve("kafka-password") + "}")), EventTopics.defaults().allTopics(),
                Duration.ofSeconds(30));
        assertThat(events).extracting(e -> e.type).contains(EventTypes.MOTION, EventTypes.CAMERA_STATUS);
        assertThat(events).extracting(e -> e.dataJson).noneMatch(data -> data.contains(PASSWORD));
    }

    @Test
    void aWrongPasswordIsOneLineThatNamesTheCause() throws Exception {
        Path config = configWithPasswordFile("not-the-password");
        int exit = SparsightCli.run("run", "--config", config.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(console.err().strip().lines()).hasSize(1).first().asString()
                .contains("Kafka at " + kafka.saslBootstrapServers() + " refused the credentials")
                .contains("Invalid username or password")
                .doesNotContain("not-the-password");
    }

    @Test
    void aReferenceToAVariableThatIsNotSetIsNamed() throws Exception {
        Path config = Files.writeString(dir.resolve("env.yaml"), yaml(kafka.saslBootstrapServers(),
                "${env:SPARSIGHT_TEST_NO_SUCH_VARIABLE}"));
        assertThat(SparsightCli.run("run", "--config", config.toString())).isEqualTo(1);
        assertThat(console.err()).contains("${env:SPARSIGHT_TEST_NO_SUCH_VARIABLE} is not set");
    }

    private Path configWithPasswordFile(String password) throws Exception {
        Path secret = Files.writeString(dir.resolve("kafka-password"), password + "\n");
        return Files.writeString(dir.resolve("secured.yaml"), yaml(kafka.saslBootstrapServers(), "${file:" + secret + "}"));
    }

    private static String yaml(String servers, String passwordReference) {
        Path clip = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
        StringBuilder properties = new StringBuilder();
        saslProperties(passwordReference).forEach((k, v) -> properties.append("    ").append(k).append(": '")
                .append(v.replace("'", "''")).append("'\n"));
        return """
                job: { name: secured, checkpointInterval: 500ms }
                cameras:
                  - { id: cam, url: '%s', sampling: fps=5, size: 180x120 }
                kafka:
                  bootstrapServers: '%s'
                  properties:
                %s""".formatted(clip, servers, properties);
    }

    private static Map<String, String> saslProperties(String passwordReference) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"sparsight\" password=\"" + passwordReference + "\";");
    }
}
