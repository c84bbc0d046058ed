package io.sparsight.pipelines.jobs;

import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.grounding.ControlMessage;
import io.sparsight.operators.grounding.ControlSource;
import io.sparsight.operators.source.CameraControl;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.pipelines.config.CameraControlMessages;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.local.QueryTopic;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The job of a checked configuration, wired into an environment: on the MiniCluster of {@code run} or on a session
 * cluster ({@code submit}). Sends the configuration's standing queries to the control topic first (those the CLI has
 * not changed since: {@link ConfigurationQueries}); a job with a
 * live camera also follows its camera control topic ({@link JobSettings#cameraTopic()}).
 */
public final class ConfiguredJob {

    /** Restarts a job over files gets after a failure (fixed delay) on a cluster, before it fails for good. */
    public static final int RESTART_ATTEMPTS = 10;
    /** How long reading the control topic at start may take. */
    private static final Duration CONTROL_READ_TIMEOUT = Duration.ofSeconds(20);

    private ConfiguredJob() {}

    /**
     * The configuration's parallelism, checkpointing, state and, for a job with a live camera, its restart strategy
     * ({@link JobSettings.Restarts}), on an environment of any cluster.
     */
    public static void configure(StreamExecutionEnvironment env, JobSettings settings) {
        env.setParallelism(settings.parallelism());
        env.configure(Configuration.fromMap(settings.state().flinkOptions()));
        if (!settings.allCamerasEnd()) {
            env.configure(Configuration.fromMap(settings.restarts().liveJobOptions()));
        }
        env.enableCheckpointing(settings.checkpointInterval().toMillis());
    }

    /** Sends what {@link ConfigurationQueries} says of the configuration's queries, and says so. */
    static void sendConfigurationQueries(JobSettings.Grounding grounding, Properties client, PrintStream out) {
        ConfigurationQueries plan = ConfigurationQueries.plan(grounding.initialQueries(),
                QueryTopic.lastById(client, grounding.queryTopic(), CONTROL_READ_TIMEOUT));
        if (!plan.send().isEmpty()) {
            QueryTopic.send(client, grounding.queryTopic(), plan.send());
        }
        int kept = grounding.initialQueries().size() - plan.send().size() - plan.notes().size();
        out.println("  standing queries from the configuration: " + plan.send().size() + " sent to "
                + grounding.queryTopic() + (kept > 0 ? ", " + kept + " already there" : ""));
        plan.notes().forEach(note -> out.println("  " + note));
    }

    /** The job's camera control topic (used when a camera is live: a job over files ends and takes no changes). */
    static CameraControl cameraControl(JobSettings settings, Properties client) {
        Map<String, String> properties = new TreeMap<>();
        client.stringPropertyNames().forEach(k -> properties.put(k, client.getProperty(k)));
        return new CameraControl(properties, settings.cameraTopic(), new CameraControlMessages(), settings.name(),
                settings.kafka().topics());
    }

    /**
     * Builds the job of {@code settings} into {@code env}, its events going to the broker at {@code bootstrap}.
     *
     * @param out where to say what was sent to the control topic
     */
    public static void build(StreamExecutionEnvironment env, JobSettings settings, String bootstrap, PrintStream out) {
        JobSettings.Grounding grounding = settings.grounding();
        Properties client = settings.kafka().client(bootstrap);
        KafkaSource<ControlMessage> control = null;
        if (grounding.enabled()) {
            if (!grounding.initialQueries().isEmpty()) {
                sendConfigurationQueries(grounding, client, out);
            }
            control = ControlSource.kafka(client, grounding.queryTopic(), settings.transactionalIdPrefix()
                    + "-queries", settings.allCamerasEnd());
        }
        CameraJob.build(env, VideoSource.of(settings.cameras(), cameraControl(settings, client)), settings.sourceIdleness(), settings.stages(), control,
                KafkaEventSink.builder()
                        .clientProperties(client)
                        .job(settings.name())
                        .deliveryGuarantee(settings.kafka().guarantee())
                        .transactionalIdPrefix(settings.transactionalIdPrefix())
                        .transactionTimeout(settings.kafka().transactionTimeout())
                        .topics(settings.kafka().topics())
                        .build());
    }
}
