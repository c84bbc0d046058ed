package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.ui.UiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code sparsight ui}: the web view of cameras, events, clips and standing queries. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = {"Serve the web view: cameras and their status, a live timeline of events with their",
                "snapshots and clips, the standing queries (list, add, remove) and, with --config, the job's cameras",
                "(list, add, remove). Reads the events committed to Kafka (read_committed) from the oldest; runs until",
                "Ctrl-C. Listens on 127.0.0.1 unless --bind says otherwise."})
final class UiCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE",
            description = "take the broker, topics and clip store from a job configuration")
    Path config;

    @Option(names = "--port", defaultValue = "8080", description = "port to listen on (default: ${DEFAULT-VALUE};"
            + " 0: any free one)")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default:"
            + " ${DEFAULT-VALUE}); anything else is reachable from other machines: set a token")
    String bind;

    @Option(names = "--clips", paramLabel = "DIR", description = "the clip store's folder (default: the"
            + " configuration's clips.store when it is a folder)")
    Path clips;

    @Option(names = "--metrics", paramLabel = "URL", description = "a job's Prometheus endpoint (run"
            + " --prometheus-port), for the cameras' analysed frame rates")
    String metrics;

    @Option(names = "--token", paramLabel = "TOKEN", description = "a token that adding and removing queries and"
            + " cameras needs (default: the environment's SPARSIGHT_UI_TOKEN; none: anyone who reaches the page may)")
    String token;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String servers = bootstrap;
        EventTopics topics = EventTopics.defaults();
        String queryTopic = EventTopics.DEFAULT_QUERY_TOPIC;
        Map<String, String> properties = Map.of();
        Path clipDir = clips;
        UiServer.CameraControl cameraControl = null;
        if (config != null) {
            JobSettings settings = ConfigFiles.loadOrExplain(config);
            if (settings == null) {
                return 2;
            }
            if (servers == null && settings.kafka().embedded()) {
                System.err.println(config + " uses the embedded broker, which lives only while 'sparsight run' runs."
                        + " For a broker that stays: ./sparsight kafka, and kafka.bootstrapServers in the"
                        + " configuration.");
                return 2;
            }
            servers = servers != null ? servers : settings.kafka().bootstrapServers();
            properties = settings.kafka().properties();
            topics = settings.kafka().topics();
            queryTopic = settings.grounding().queryTopic();
            cameraControl = new UiServer.CameraControl(settings.cameras(), settings.cameraTopic());
            URI store = URI.create(settings.clips().store());
            if (clipDir == null && "file".equals(store.getScheme())) {
                clipDir = Path.of(store);
            }
        }
        if (servers == null) {
            System.err.println("Say where the broker is: --bootstrap HOST:PORT, or --config FILE.");
            return 2;
        }
        if (clipDir != null && !Files.isDirectory(clipDir)) {
            Files.createDirectories(clipDir);
        }
        String secret = token != null ? token : System.getenv("SPARSIGHT_UI_TOKEN");
        UiServer server = new UiServer(new UiServer.Settings(bind, port, KafkaClientProperties.of(servers,
                properties), servers, topics.allTopics(), queryTopic, clipDir, metrics,
                secret == null || secret.isBlank() ? null : secret, cameraControl));
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(stopped::countDown, "ui-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.start();
        System.out.println("Sparsight UI on " + server.url() + " (events from " + servers + (clipDir == null ? ""
                : ", clips from " + clipDir) + "); Ctrl-C stops it");
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // stopped by the caller
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
        return 0;
    }
}
