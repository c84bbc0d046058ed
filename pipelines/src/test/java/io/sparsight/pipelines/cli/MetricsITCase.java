package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.metrics.SparsightMetrics;
import io.sparsight.operators.testing.SyntheticVideo;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./sparsight run --prometheus-port P} on a camera paced like a live one, with the motion and anomaly stages:
 * while it runs, its endpoint on 127.0.0.1 serves every per-camera metric (labelled by camera), the anomaly model's
 * inference time, the events per type and the event latency.
 */
class MetricsITCase {

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @TempDir
    Path dir;

    @Test
    void aRunningJobsEndpointServesEveryCameraMetricAndTheEventLatency() throws Exception {
        kafka.createTopics(EventTopics.defaults().allTopics());
        // 30 s at 10 fps, paced; a block moves from 2.0 s to 4.0 s: a motion span that closes on a frame
        Path video = SyntheticVideo.of(160, 120, 10, 300).movingBlock(20, 40).writeTo(dir.resolve("block.mp4"));
        Path config = Files.writeString(dir.resolve("metrics.yaml"), """
                job: { name: metrics, checkpointInterval: 500ms }
                cameras:
                  - { id: cam, url: '%s', sampling: full, size: 160x120, playbackSpeed: 1.0, anomaly: true }
                kafka: { bootstrapServers: '%s' }
                """.formatted(video, kafka.bootstrapServers()));
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() ->
                SparsightCli.run("run", "--config", config.toString(), "--no-progress", "--prometheus-port",
                        Integer.toString(port)));

        String metrics = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // meters are updated every 5 s over a 10 s window: wait until the window is full of frames (about 15 s in;
        // a window still holding the job's start shows less)
        while (!hasLatencySample(metrics) || !(value(metrics, SparsightMetrics.DECODED_FPS) >= 8)) {
            assertThat(run).as("the job runs while the endpoint is scraped").isNotDone();
            assertThat(System.nanoTime()).as("a latency sample within 60 s; last scrape:\n" + metrics).isLessThan(deadline);
            Thread.sleep(500);
            metrics = scrape(port);
        }
        System.out.println(metrics.lines().filter(l -> l.contains("camera=\"cam\"") || l.contains("eventLatencyMs"))
                .filter(l -> !l.startsWith("#")).toList());

        for (String name : List.of(SparsightMetrics.DECODED_FPS, SparsightMetrics.ANALYSED_FPS,
                SparsightMetrics.DROPPED_FRAMES, SparsightMetrics.RECONNECTS, SparsightMetrics.SECONDS_SINCE_LAST_FRAME,
                SparsightMetrics.ANOMALY_SCORE, SparsightMetrics.OPEN_SPANS, SparsightMetrics.EVENTS)) {
            assertThat(metrics).as(name + " labelled with the camera")
                    .containsPattern("(?m)^flink_\\w*_" + name + "\\{[^}]*camera=\"cam\"");
        }
        // Flink's Prometheus reporter writes '-' in label values as '_'
        assertThat(metrics).as("inference time of the anomaly model, a histogram")
                .containsPattern("(?m)^flink_\\w*_" + SparsightMetrics.INFERENCE_MS + "\\{[^}]*model=\"bundled:anomaly_ped2\"[^}]*quantile=\"0.5\"");
        assertThat(metrics).as("events per type")
                .containsPattern("(?m)^flink_\\w*_events\\{[^}]*type=\"io.sparsight.motion\"[^}]*\\} 1.0");
        assertThat(value(metrics, SparsightMetrics.DECODED_FPS)).as("decoded fps of a 10 fps camera").isBetween(8.0, 12.0);
        for (String name : dashboardMetrics()) {
            assertThat(metrics).as("deploy/grafana's dashboard refers to " + name).containsPattern("(?m)^" + name + "\\{");
        }
        assertThat(run.get()).isZero();
    }

    /** Every metric name the Grafana dashboard's queries use. */
    private static List<String> dashboardMetrics() throws IOException {
        String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "sparsight-dashboard.json"));
        List<String> names = Pattern.compile("flink_\\w+").matcher(dashboard).results().map(m -> m.group())
                .distinct().toList();
        assertThat(names).as("metrics in the dashboard").hasSizeGreaterThanOrEqualTo(10);
        return names;
    }

    private static boolean hasLatencySample(String metrics) {
        Matcher m = Pattern.compile("(?m)^flink_\\w*_" + SparsightMetrics.EVENT_LATENCY_MS + "_count\\{[^}]*\\} (\\S+)")
                .matcher(metrics);
        return m.find() && Double.parseDouble(m.group(1)) >= 1;
    }

    /** The camera's value of a metric, NaN when it is not there yet. */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^flink_\\w*_" + name + "\\{[^}]*camera=\"cam\"[^}]*\\} (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String scrape(int port) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return ""; // not up yet
        }
    }
}
