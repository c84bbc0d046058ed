package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.grounding.ControlMessage;
import io.sparsight.operators.grounding.ControlSource;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.QueryControlParser;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import io.sparsight.pipelines.local.QueryTopic;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control topic of standing queries against a real Kafka broker and a real Flink job: the order of one query's
 * messages survives a topic of several partitions, the caps refuse adds with dead letters, and a job's start does not
 * bring back what the CLI removed.
 */
class QueryControlITCase {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private static String freshTopic(int partitions) {
        String topic = "queries-" + UUID.randomUUID();
        kafka.createTopics(List.of(topic), partitions);
        return topic;
    }

    private static Properties client() {
        return KafkaClientProperties.of(kafka.bootstrapServers(), Map.of());
    }

    /** Each command sent as {@code sparsight query} sends it: its own producer, one message. */
    private static void sendOneByOne(String topic, List<QueryCommand> commands) {
        for (QueryCommand c : commands) {
            QueryTopic.send(client(), topic, List.of(c.from(QueryCommand.FROM_CLI)));
        }
    }

    /**
     * Runs the job's control path (the topic read from the start up to now, then the parser the grounding stage
     * runs) and returns what came out: "applied <command>" and "rejected <reason>", each kind in its order.
     */
    private static List<String> controlPath(String topic, GroundingConfig config) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
        DataStream<ControlMessage> messages = env.fromSource(
                ControlSource.kafka(client(), topic, "it-" + UUID.randomUUID(), true),
                WatermarkStrategy.noWatermarks(), "control");
        SingleOutputStreamOperator<QueryCommand> applied = messages.process(new QueryControlParser(config))
                .setParallelism(1);
        DataStream<String> out = applied.map(c -> "applied " + c).returns(Types.STRING)
                .union(applied.getSideOutput(QueryControlParser.REJECTED)
                        .map(e -> "rejected " + CloudEventJson.parse(e.dataJson).path("reason").asText())
                        .returns(Types.STRING));
        List<String> results = new ArrayList<>();
        try (CloseableIterator<String> it = out.executeAndCollect("control-path")) {
            it.forEachRemaining(results::add);
        }
        return results;
    }

    @Test
    void everyMessageAboutOneQueryLandsInOnePartitionAndTheJobAppliesThemInOrder() throws Exception {
        String topic = freshTopic(3);
        // churn: twelve queries added, removed and added again; every third removed at the end
        Map<String, Boolean> expected = new TreeMap<>();
        List<QueryCommand> churn = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 12; i++) {
                String id = "q" + i;
                churn.add(QueryCommand.add(id, null, "a person walks number " + i + " round " + round, 0.5));
                if (round == 0 || i % 3 == 0) {
                    churn.add(QueryCommand.remove(id));
                }
                expected.put(id, round == 1 && i % 3 != 0);
            }
        }
        sendOneByOne(topic, churn);

        Map<String, Set<Integer>> partitionsById = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedEventReader.readRecords(client(), List.of(topic),
                "read_committed", READ_TIMEOUT)) {
            String id = QueryMessages.parse(new String(r.value(), StandardCharsets.UTF_8), 0.5).id;
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).as("the record's key").isEqualTo(id);
            partitionsById.computeIfAbsent(id, k -> new TreeSet<>()).add(r.partition());
        }
        System.out.println("partitions by query id: " + partitionsById);
        assertThat(partitionsById.values()).as("partitions of each query's messages").allMatch(p -> p.size() == 1);
        assertThat(partitionsById.values().stream().flatMap(Set::stream).distinct().count())
                .as("partitions used by twelve ids").isGreaterThan(1);

        List<String> results = controlPath(topic, GroundingConfig.defaults());
        assertThat(results).as("refused messages").noneMatch(r -> r.startsWith("rejected"));
        Map<String, Boolean> inForce = new TreeMap<>();
        for (String r : results) {
            String[] words = r.split(" ");
            inForce.put(words[2], words[1].equals("add"));
        }
        assertThat(inForce).isEqualTo(expected);
        assertThat(QueryTopic.standing(client(), topic, READ_TIMEOUT).keySet())
                .containsExactlyInAnyOrderElementsOf(expected.entrySet().stream().filter(Map.Entry::getValue)
                        .map(Map.Entry::getKey).toList());
    }

    @Test
    void addsBeyondTheCapsAreRefusedWithADeadLetterThatSaysWhy() throws Exception {
        String topic = freshTopic(1);
        GroundingConfig d = GroundingConfig.defaults();
        GroundingConfig capped = new GroundingConfig(d.model(), d.device(), d.windowMs(), d.strideMs(),
                d.defaultThreshold(), d.mergeGapMs(), d.idleCloseMs(), 2, 3);
        sendOneByOne(topic, List.of(
                QueryCommand.add("gate-1", "gate", "a person walks", 0.5),
                QueryCommand.add("gate-2", "gate", "a person runs", 0.5),
                QueryCommand.add("gate-3", "gate", "a person waits", 0.5),
                QueryCommand.add("all-1", null, "a dog runs", 0.5),
                QueryCommand.add("yard-1", "yard", "a car stops", 0.5),
                QueryCommand.add("dock-1", "dock", "a van parks", 0.5),
                QueryCommand.remove("gate-2"),
                QueryCommand.add("gate-3", "gate", "a person waits", 0.5),
                QueryCommand.remove("never-added")));
        List<String> results = controlPath(topic, capped);
        System.out.println("control path: " + results);
        assertThat(results.stream().filter(r -> r.startsWith("applied")).map(r -> r.split(" ")[1] + " "
                + r.split(" ")[2]).toList())
                .containsExactly("add gate-1", "add gate-2", "add yard-1", "remove gate-2", "add gate-3");
        assertThat(results.stream().filter(r -> r.startsWith("rejected")).toList()).containsExactly(
                "rejected add gate-3: camera gate already has 2 standing queries, the most"
                        + " grounding.maxQueriesPerCamera allows (a query for every camera counts for each); remove"
                        + " one first",
                "rejected add all-1: camera gate already has 2 standing queries, the most"
                        + " grounding.maxQueriesPerCamera allows (a query for every camera counts for each); remove"
                        + " one first",
                "rejected add dock-1: the job already has 3 standing queries, the most grounding.maxQueries allows;"
                        + " remove one first",
                "rejected remove never-added: no standing query has that id (in force: [gate-1, yard-1, gate-3])");
    }

    @Test
    void aJobsStartDoesNotBringBackAQueryTheCliRemoved() {
        String topic = freshTopic(3);
        QueryCommand walker = QueryCommand.add("walker", null, "a person walks", 0.5);
        QueryCommand runner = QueryCommand.add("runner", null, "a person runs", 0.5);
        JobSettings.Grounding grounding = new JobSettings.Grounding(GroundingConfig.defaults(), Set.of("cam"), topic,
                List.of(walker, runner));

        assertThat(start(grounding)).contains("2 sent to " + topic);
        assertThat(QueryTopic.standing(client(), topic, READ_TIMEOUT).keySet()).containsExactlyInAnyOrder("walker",
                "runner");
        sendOneByOne(topic, List.of(QueryCommand.remove("walker")));

        String second = start(grounding);
        assertThat(second).contains("0 sent to " + topic + ", 1 already there")
                .contains("query walker was removed with 'sparsight query'");
        assertThat(QueryTopic.standing(client(), topic, READ_TIMEOUT).keySet()).containsExactly("runner");

        QueryCommand slowRunner = QueryCommand.add("runner", null, "a person runs slowly", 0.5);
        start(new JobSettings.Grounding(GroundingConfig.defaults(), Set.of("cam"), topic, List.of(walker, slowRunner)));
        Map<String, QueryCommand> standing = new HashMap<>(QueryTopic.standing(client(), topic, READ_TIMEOUT));
        assertThat(standing.keySet()).as("an edited file updates its own query").containsExactly("runner");
        assertThat(standing.get("runner").text).isEqualTo("a person runs slowly");
        Map<String, QueryCommand> last = new LinkedHashMap<>(QueryTopic.lastById(client(), topic, READ_TIMEOUT));
        assertThat(last.get("runner").origin).isEqualTo(QueryCommand.FROM_CONFIGURATION);
        assertThat(last.get("walker").origin).isEqualTo(QueryCommand.FROM_CLI);
    }

    /** What a job's start prints about its configuration's queries. */
    private static String start(JobSettings.Grounding grounding) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConfiguredJob.sendConfigurationQueries(grounding, client(), new PrintStream(printed, true,
                StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text;
    }
}
