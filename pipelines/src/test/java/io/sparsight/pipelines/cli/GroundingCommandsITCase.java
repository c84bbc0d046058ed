package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.models.runtime.ModelManifest;
import io.sparsight.models.runtime.ModelStore;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grounding commands as a user runs them, on a tiny synthetic dataset: synth, train (one epoch), eval with
 * JSON; and query add / list / remove against a real (in-process) Kafka broker. Plumbing, not accuracy: the accuracy
 * bars are measured with the full dataset (docs/benchmarks.md).
 */
class GroundingCommandsITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void synthTrainAndEvaluate() throws Exception {
        Path data = dir.resolve("data");
        Path model = dir.resolve("model");
        assertThat(SparsightCli.run("synth", "grounding", "--out", data.toString(), "--videos", "12", "--seed", "3"))
                .isZero();
        assertThat(SparsightCli.run("train", "grounding", "--data", data.toString(), "--out", model.toString(),
                "--epochs", "1", "--batch", "4", "--seed", "3")).as(console.err()).isZero();
        ModelManifest manifest = ModelStore.readManifest(model);
        assertThat(manifest.architecture).isEqualTo("tvp-grounding");
        assertThat(manifest.training.command).startsWith("./sparsight train grounding --data ");
        assertThat(manifest.scores).containsKeys("synthetic_test_r1_iou05", "synthetic_paraphrase_r1_iou07");
        assertThat(model.resolve("work")).as("checkpoints are removed at the end").doesNotExist();

        assertThat(SparsightCli.run("eval", "grounding", "--data", data.toString(), "--model", model.toString(),
                "--split", "paraphrase", "--json")).as(console.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(console.lastLine());
        for (String key : List.of("r1_iou03", "r1_iou05", "r1_iou07", "miou", "qps")) {
            assertThat(json.path(key).isNumber()).as(key).isTrue();
        }
        assertThat(json.path("queries").asInt()).isPositive();
        assertThat(json.path("r1_iou03").asDouble()).isGreaterThanOrEqualTo(json.path("r1_iou07").asDouble());

        assertThat(SparsightCli.run("eval", "grounding", "--data", data.toString(), "--model", model.toString(),
                "--format", "youtube")).isEqualTo(2);
        assertThat(console.err()).contains("unknown format 'youtube'");
        assertThat(SparsightCli.run("eval", "grounding", "--data", data.toString(), "--model", model.toString(),
                "--split", "nope")).isNotZero();
        assertThat(console.err()).contains("no nope split");
    }

    @Test
    void queriesAreAddedListedAndRemovedOnTheControlTopic() {
        String topic = "queries-" + UUID.randomUUID();
        kafka.createTopics(List.of(topic), EventTopics.CONTROL_PARTITIONS);
        List<String> broker = List.of("--bootstrap", kafka.bootstrapServers(), "--topic", topic);
        assertThat(run(broker, "query", "add", "--id", "cyclists", "--camera", "gate", "--text",
                "a cyclist rides along the walkway", "--threshold", "0.6")).isZero();
        assertThat(run(broker, "query", "add", "--text", "a red car stops")).isZero();
        assertThat(run(broker, "query", "add", "--text", "too sure", "--threshold", "1.5")).isEqualTo(2);
        assertThat(console.err()).contains("'threshold' must be a number between 0 and 1");
        assertThat(run(broker, "query", "list")).isZero();
        assertThat(console.out()).contains("cyclists").contains("gate").contains("a cyclist rides along the walkway")
                .contains("a red car stops");
        assertThat(run(broker, "query", "remove", "cyclists")).isZero();
        assertThat(run(broker, "query", "list")).isZero();
        String afterRemove = console.out().substring(console.out().lastIndexOf("removed cyclists"));
        assertThat(afterRemove).doesNotContain("a cyclist rides").contains("a red car stops");
        assertThat(SparsightCli.run("query", "list")).isEqualTo(2);
        assertThat(console.err()).contains("--bootstrap HOST:PORT, or --config FILE");
    }

    private static int run(List<String> broker, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(broker);
        return SparsightCli.run(all.toArray(String[]::new));
    }
}
