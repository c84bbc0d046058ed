package io.sparsight.operators.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretReferencesTest {

    @TempDir
    Path dir;

    @Test
    void environmentAndFileReferencesResolveInPlace() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        String url = "rtsp://cam:${env:CAM_PASSWORD}@127.0.0.1/${file:" + file + "}";
        assertThat(SecretReferences.resolve(url, Map.of("CAM_PASSWORD", "from-env")::get))
                .isEqualTo("rtsp://cam:from-env@127.0.0.1/from-file");
        assertThat(SecretReferences.resolve("no references", name -> null)).isEqualTo("no references");
    }

    @Test
    void aMissingVariableOrFileIsNamedWithoutAnyValue() {
        assertThatThrownBy(() -> SecretReferences.resolve("${env:NOPE}", name -> null))
                .hasMessageContaining("NOPE is not set");
        assertThatThrownBy(() -> SecretReferences.resolve("${file:" + dir.resolve("nope") + "}", name -> null))
                .hasMessageContaining("cannot read the file");
        assertThat(SecretReferences.missing(Map.of("sasl.jaas.config", "password=\"${env:NOPE}\""), name -> null))
                .isEqualTo("sasl.jaas.config: ${env:NOPE} is not set in this process");
    }

    @Test
    void kafkaPropertiesGetTheProvidersTheirReferencesNeedAndSecretsAreNotShown() {
        Properties props = KafkaClientProperties.of("127.0.0.1:9092", Map.of(
                "sasl.jaas.config", "x password=\"${env:KAFKA_PASSWORD}\";",
                "ssl.truststore.password", "${file:/run/secrets/truststore}"));
        assertThat(props.getProperty("config.providers")).isIn("env,file", "file,env");
        assertThat(props.getProperty("config.providers.file.class")).isEqualTo(FileSecretProvider.class.getName());
        assertThat(props.getProperty("bootstrap.servers")).isEqualTo("127.0.0.1:9092");
        assertThat(KafkaClientProperties.shown("sasl.jaas.config", "x password=\"clear\";")).isEqualTo("***");
        assertThat(KafkaClientProperties.shown("ssl.truststore.password", "${file:/run/secrets/truststore}"))
                .isEqualTo("${file:/run/secrets/truststore}");
        assertThat(KafkaClientProperties.shown("security.protocol", "SASL_SSL")).isEqualTo("SASL_SSL");
    }
}
