package io.sparsight.pipelines.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.config.SparsightConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ClusterOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/'s image, compose and Kubernetes files fit together and fit Sparsight and Flink: the entry class exists, the
 * jar paths are where the Dockerfile puts the jars, every Flink setting is a key Flink knows, and every job
 * configuration in them passes Sparsight's own loader. (The Kubernetes operator's API classes are not served by the
 * package registry this project builds from, so the FlinkDeployment is checked field by field here.)
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ENTRY_CLASS = "io.sparsight.pipelines.jobs.SparsightJob";

    @Test
    void theDockerfilePutsTheLibJarInLibAndTheJobJarInUsrlib() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY pipelines/target/sparsight-flink-lib.jar /opt/flink/lib/")
                .contains("COPY pipelines/target/sparsight-job.jar /opt/flink/usrlib/sparsight-job.jar")
                .containsPattern("(?m)^ARG FLINK_IMAGE=flink:2\\.2\\.1-java17$")
                .contains("libpulse0").contains("DJL_OFFLINE=true");
        assertThat(Files.readString(Path.of("pom.xml"))).as("the build makes both jars")
                .contains("sparsight-flink-lib.jar").contains("sparsight-job.jar");
    }

    @Test
    void theFlinkDeploymentRunsTheEntryClassFromTheImageWithSavepointUpgrades() throws Exception {
        List<JsonNode> documents = documents(DEPLOY.resolve("kubernetes/flink-deployment.yaml"));
        JsonNode deployment = ofKind(documents, "FlinkDeployment");
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        JsonNode spec = deployment.path("spec");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
        JsonNode job = spec.path("job");
        assertEntryClassAndArgs(job);
        assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/sparsight-job.jar");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");

        Map<String, String> flink = YAML.convertValue(spec.path("flinkConfiguration"), Map.class);
        assertKnownFlinkKeys(flink);
        assertThat(flink).containsEntry("classloader.resolve-order", "parent-first")
                .containsKeys("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                        "high-availability.type", "high-availability.storageDir");

        // the pipeline file is mounted where args point, and it passes Sparsight's loader
        JsonNode container = spec.path("podTemplate").path("spec").path("containers").get(0);
        assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/opt/sparsight");
        JsonNode configMap = ofKind(documents, "ConfigMap");
        JobSettings settings = ConfigLoader.parse("pipeline.yaml", configMap.path("data").path("pipeline.yaml").asText(),
                null);
        assertThat(settings.kafka().embedded()).as("a cluster job names its broker").isFalse();
        assertThat(settings.state().checkpointDir()).isEqualTo(flink.get("execution.checkpointing.dir"));
        assertThat(container.path("env").findValuesAsText("name")).as("the camera password's variable")
                .contains("GATE_PASSWORD");
    }

    @Test
    void theSessionJobRunsTheSameEntryClass() throws Exception {
        JsonNode sessionJob = ofKind(documents(DEPLOY.resolve("kubernetes/flink-session-job.yaml")), "FlinkSessionJob");
        assertThat(sessionJob.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertEntryClassAndArgs(sessionJob.path("spec").path("job"));
        assertThat(sessionJob.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(sessionJob.path("spec").path("deploymentName").asText()).isNotBlank();
    }

    @Test
    void theComposeClusterHasKafkaFlinkAndPrometheusWithOneConfiguration() throws Exception {
        JsonNode compose = documents(DEPLOY.resolve("compose/docker-compose.yml")).get(0);
        assertThat(compose.path("services").fieldNames()).toIterable()
                .contains("kafka", "jobmanager", "taskmanager", "prometheus");
        Map<String, Object> flink = YAML.readValue(DEPLOY.resolve("compose/flink-conf.yaml").toFile(), Map.class);
        Map<String, String> flat = new java.util.TreeMap<>();
        flatten("", flink, flat);
        assertKnownFlinkKeys(flat);
        assertThat(flat).containsEntry("classloader.resolve-order", "parent-first");
        String prometheus = Files.readString(DEPLOY.resolve("compose/prometheus.yml"));
        assertThat(prometheus).contains("jobmanager:" + flat.get("metrics.reporter.prom.port"))
                .contains("taskmanager:" + flat.get("metrics.reporter.prom.port"));
        // the compose job configuration: every key known to Sparsight (its camera file exists only in the containers)
        SparsightConfig pipeline = YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(DEPLOY.resolve("compose/pipeline.yaml").toFile(), SparsightConfig.class);
        assertThat(pipeline.kafka.bootstrapServers).isEqualTo("kafka:9092");
        assertThat(compose.path("services").path("jobmanager").path("volumes").toString())
                .contains("./pipeline.yaml:/opt/sparsight/pipeline.yaml");
    }

    @Test
    void theDebianImageCopiesWhatTheBuildMakesAndStartsClassesThatExist() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile.debian"));
        String ignore = Files.readString(DEPLOY.resolve("../.dockerignore"));
        java.util.regex.Matcher copy = java.util.regex.Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(dockerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            String source = copy.group(1);
            if (source.startsWith("pipelines/target/")) {
                assertThat(Files.readString(Path.of("pom.xml"))).as("the build makes " + source)
                        .contains(Path.of(source).getFileName().toString());
            } else {
                assertThat(DEPLOY.resolve("..").resolve(source)).as("copied into the image").exists();
            }
            assertThat(ignore.lines().anyMatch(l -> l.equals("!" + source) || (l.startsWith("!") && l.endsWith("/")
                    && source.startsWith(l.substring(1))))).as(source + " is in the build context (.dockerignore)")
                    .isTrue();
        }
        assertThat(copies).isGreaterThanOrEqualTo(4);
        assertThat(dockerfile).contains("ENTRYPOINT [\"/opt/flink/bin/entrypoint.sh\"]");
        // every class the entry point starts is in the jar the image holds (the same classpath as these tests)
        String entrypoint = Files.readString(DEPLOY.resolve("docker/entrypoint.sh"));
        java.util.regex.Matcher main = java.util.regex.Pattern.compile("(?:org\\.apache\\.flink|io\\.sparsight)[\\w.]+[A-Z]\\w+")
                .matcher(entrypoint);
        Set<String> classes = new java.util.TreeSet<>();
        while (main.find()) {
            classes.add(main.group());
        }
        assertThat(classes).contains("org.apache.flink.container.entrypoint.StandaloneApplicationClusterEntryPoint",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", ENTRY_CLASS);
        for (String name : classes) {
            assertThat(Class.forName(name).getMethod("main", String[].class)).as(name).isNotNull();
        }
        Map<String, Object> flink = YAML.readValue(DEPLOY.resolve("docker/config.yaml").toFile(), Map.class);
        Map<String, String> flat = new java.util.TreeMap<>();
        flatten("", flink, flat);
        assertKnownFlinkKeys(flat);
        assertThat(flat).containsEntry("classloader.resolve-order", "parent-first");
        assertThat(Class.forName(flat.get("metrics.reporter.prom.factory.class"))).isNotNull();
    }

    private static void assertEntryClassAndArgs(JsonNode job) throws Exception {
        assertThat(job.path("entryClass").asText()).isEqualTo(ENTRY_CLASS);
        assertThat(Class.forName(ENTRY_CLASS).getMethod("main", String[].class)).isNotNull();
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("--config", "/opt/sparsight/pipeline.yaml");
    }

    /** Every key is a Flink option (or a metric reporter's own setting). */
    private static void assertKnownFlinkKeys(Map<String, String> flink) throws Exception {
        Set<String> known = knownFlinkKeys();
        assertThat(known).as("Flink's options found").hasSizeGreaterThan(100);
        for (String key : flink.keySet()) {
            boolean reporterSetting = key.matches("metrics\\.reporter\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+");
            assertThat(reporterSetting || known.contains(key)).as("'" + key + "' is a Flink configuration key").isTrue();
        }
    }

    private static Set<String> knownFlinkKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        for (Class<?> options : List.of(CoreOptions.class, JobManagerOptions.class, TaskManagerOptions.class,
                RestOptions.class, StateBackendOptions.class, CheckpointingOptions.class, HighAvailabilityOptions.class,
                MetricOptions.class, PipelineOptions.class, ClusterOptions.class,
                Class.forName("org.apache.flink.configuration.StateRecoveryOptions"),
                Class.forName("org.apache.flink.configuration.RestartStrategyOptions"))) {
            for (Field field : options.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                }
            }
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key, (Map<String, Object>) nested, out);
            } else {
                out.put(key, String.valueOf(e.getValue()));
            }
        }
    }

    private static List<JsonNode> documents(Path file) throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                documents.add(it.next());
            }
        }
        return documents;
    }

    private static JsonNode ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }
}
