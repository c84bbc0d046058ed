package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.local.QueryTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code sparsight query add|remove|list}: manage the standing queries of running jobs through the control topic. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Add, remove and list standing natural-language queries (temporal grounding). They go to the",
                "control topic; every job with grounding cameras picks them up while it runs and keeps them in its",
                "checkpointed state. Needs a Kafka broker the jobs share (not the embedded one: for that, write the",
                "queries under grounding.queries in the configuration)."},
        subcommands = {QueryCliCommand.Add.class, QueryCliCommand.Remove.class, QueryCliCommand.ListQueries.class})
final class QueryCliCommand extends CommandGroup {

    /** Where the control topic is: --bootstrap and --topic, or a job configuration's kafka section. */
    static final class Broker {
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--config", paramLabel = "FILE", description = "take the broker and topic from a job configuration")
        Path config;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "control topic (default: the configuration's, else " + EventTopics.DEFAULT_QUERY_TOPIC + ")")
        String topic;

        /** The control topic and how to reach it, or null after saying on stderr what is missing. */
        ControlTopic resolve() {
            String servers = bootstrap;
            String queryTopic = topic;
            java.util.Map<String, String> properties = java.util.Map.of();
            if (config != null) {
                JobSettings settings = ConfigFiles.loadOrExplain(config);
                if (settings == null) {
                    return null;
                }
                if (servers == null) {
                    if (settings.kafka().embedded()) {
                        System.err.println(config + " uses the embedded broker, which lives only while 'sparsight run'"
                                + " runs: write the queries under grounding.queries in that file, or give --bootstrap.");
                        return null;
                    }
                    servers = settings.kafka().bootstrapServers();
                    properties = settings.kafka().properties();
                }
                if (queryTopic == null) {
                    queryTopic = settings.grounding().queryTopic();
                }
            }
            if (servers == null) {
                System.err.println("Say where the broker is: --bootstrap HOST:PORT, or --config FILE.");
                return null;
            }
            return new ControlTopic(KafkaClientProperties.of(servers, properties), servers,
                    queryTopic == null ? EventTopics.DEFAULT_QUERY_TOPIC : queryTopic);
        }
    }

    /** The control topic, the broker's address and the client properties (kafka.properties of a configuration). */
    record ControlTopic(java.util.Properties client, String servers, String topic) {}

    /** Sends one control message; false after saying on stderr that the broker did not take it. */
    static boolean sent(ControlTopic where, QueryCommand command) {
        try {
            QueryTopic.send(where.client(), where.topic(), List.of(command.from(QueryCommand.FROM_CLI)));
            return true;
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            System.err.println(brokerDown(where, e));
            return false;
        }
    }

    private static String brokerDown(ControlTopic where, RuntimeException e) {
        return "Kafka at " + where.servers() + " did not answer for topic " + where.topic() + " (" + SubmitCommand.rootMessage(e)
                + "). Is the broker running (./sparsight kafka starts one on 127.0.0.1:9092)?";
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a standing query (or replace one with the same id).")
    static final class Add implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Option(names = "--text", required = true, description = "the sentence, e.g. \"a cyclist rides along the walkway\"")
        String text;

        @Option(names = "--camera", defaultValue = "*", description = "camera id, or * for every grounding camera (default: *)")
        String camera;

        @Option(names = "--threshold", defaultValue = "0.5",
                description = "presence probability a moment needs, between 0 and 1 (default: ${DEFAULT-VALUE})")
        double threshold;

        @Option(names = "--id", description = "query id (default: derived from the text and camera)")
        String id;

        @Override
        public Integer call() {
            String queryId = id != null ? id : "q-" + UUID.nameUUIDFromBytes((camera + "|" + text)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString().substring(0, 8);
            QueryCommand add;
            try {
                add = QueryMessages.checkedAdd(queryId, camera, text, threshold);
            } catch (IllegalArgumentException e) {
                System.err.println("Not a valid query: " + e.getMessage());
                return 2;
            }
            ControlTopic where = broker.resolve();
            if (where == null) {
                return 2;
            }
            if (!sent(where, add)) {
                return 1;
            }
            System.out.printf(Locale.ROOT, "added %s: \"%s\" on %s, threshold %.2f (topic %s)%n", add.id, add.text,
                    add.camera == null ? "every grounding camera" : "camera " + add.camera, add.threshold, where.topic());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a standing query.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Parameters(paramLabel = "ID", description = "the query's id (see 'sparsight query list')")
        String id;

        @Override
        public Integer call() {
            QueryCommand remove;
            try {
                remove = QueryMessages.checkedRemove(id);
            } catch (IllegalArgumentException e) {
                System.err.println("Not a valid query id: " + e.getMessage());
                return 2;
            }
            ControlTopic where = broker.resolve();
            if (where == null) {
                return 2;
            }
            if (!sent(where, remove)) {
                return 1;
            }
            System.out.println("removed " + id + " (topic " + where.topic() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the standing queries in force.")
    static final class ListQueries implements Callable<Integer> {
        @Mixin
        Broker broker;

        @Override
        public Integer call() {
            ControlTopic where = broker.resolve();
            if (where == null) {
                return 2;
            }
            Map<String, QueryCommand> queries;
            try {
                queries = QueryTopic.standing(where.client(), where.topic(), Duration.ofSeconds(20));
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                System.err.println(brokerDown(where, e));
                return 1;
            }
            if (queries.isEmpty()) {
                System.out.println("no standing queries (topic " + where.topic() + ")");
            }
            for (QueryCommand q : queries.values()) {
                System.out.printf(Locale.ROOT, "%-16s %-10s %.2f  %s%n", q.id, q.camera == null ? "*" : q.camera,
                        q.threshold, q.text);
            }
            return 0;
        }
    }
}
