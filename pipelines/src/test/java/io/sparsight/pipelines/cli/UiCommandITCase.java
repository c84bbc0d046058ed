package io.sparsight.pipelines.cli;

import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.Sampling;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.pipelines.jobs.CameraJob;
import io.sparsight.pipelines.jobs.CameraStages;
import io.sparsight.pipelines.local.EmbeddedKafkaExtension;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web view end to end, in Debian's headless Chromium: {@code ./sparsight ui} on an embedded broker, the page
 * opened, then a job over the sample clip with the object stage and clips starts. The camera and its events appear
 * live (server-sent events), an event's clip plays in the page's video element, and a query added through the page's
 * form (with the view's token) is in {@code query list}, and a camera added and one removed through the page are so in
 * {@code cameras list}. Screenshots go to target/ui-screenshots.
 */
class UiCommandITCase {

    private static final Path SAMPLE = Path.of("").toAbsolutePath().getParent().resolve("samples/ped2-test04.mp4");
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final String TOKEN = "s3cret-token";

    @RegisterExtension
    static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    @RegisterExtension
    final CapturedConsole console = new CapturedConsole();

    @TempDir
    Path dir;

    @Test
    void camerasEventsClipsAndQueriesInTheBrowser() throws Exception {
        kafka.createTopics(EventTopics.defaults().allTopics());
        kafka.createTopics(List.of(EventTopics.DEFAULT_QUERY_TOPIC));
        Path clips = dir.resolve("clips");
        int port = freePort();
        // the job's configuration gives the view its broker and its cameras (and their control topic)
        Path config = dir.resolve("job.yaml");
        Files.writeString(config, "job: { name: ui-it }\ncameras:\n  - id: ped2-test04\n    url: " + SAMPLE
                + "\nkafka:\n  bootstrapServers: " + kafka.bootstrapServers() + "\n");
        Thread ui = new Thread(() -> SparsightCli.run("ui", "--config", config.toString(), "--port",
                Integer.toString(port), "--clips", clips.toString(), "--token", TOKEN), "ui-command");
        ui.start();
        String url = "http://127.0.0.1:" + port + "/";
        awaitUp(url);
        CompletableFuture<Void> job = null;
        try (HeadlessChromium browser = new HeadlessChromium(dir.resolve("chromium"))) {
            browser.open(url);
            browser.await("the events stream is live", () -> browser.evaluate(
                    "document.getElementById('live').classList.contains('on')").asBoolean(), Duration.ofSeconds(30));

            job = CompletableFuture.runAsync(() -> runJob(clips));
            browser.await("the camera in the camera list", () -> browser.evaluate(
                    "document.querySelectorAll('#cameras .camera[data-camera=\"ped2-test04\"]').length").asInt() > 0,
                    Duration.ofSeconds(120));
            browser.await("an event with a clip in the timeline", () -> browser.evaluate(
                    "document.querySelectorAll('#events .event.has-clip').length").asInt() > 0,
                    Duration.ofSeconds(180));
            job.get(300, TimeUnit.SECONDS);
            Thread.sleep(1_000);
            browser.screenshot(SCREENSHOTS.resolve("review.png"));

            browser.evaluate("document.querySelector('#events .event.has-clip').click()");
            browser.await("the clip playing in the page", () -> browser.evaluate(
                    "document.getElementById('player').currentTime").asDouble() > 0, Duration.ofSeconds(30));
            assertThat(browser.evaluate("document.getElementById('player').currentSrc").asText())
                    .startsWith(url + "clips/ped2-test04/").endsWith(".mp4");
            browser.evaluate("document.getElementById('player').pause()");
            browser.screenshot(SCREENSHOTS.resolve("event.png"));

            // without the token the view may not change queries
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                    + "api/queries")).POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"a person runs\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);

            browser.evaluate("localStorage.setItem('sparsight-token', '" + TOKEN + "'); "
                    + "document.querySelector('.tab[data-view=queries]').click()");
            browser.evaluate("(() => { const f = document.getElementById('query-form');"
                    + " f.elements.text.value = 'a small vehicle drives through the crowd';"
                    + " f.elements.id.value = 'ui-cart'; f.elements.threshold.value = '0.6'; f.requestSubmit(); })()");
            browser.await("the new query in the page's list", () -> browser.evaluate(
                    "document.querySelectorAll('#queries-list tr[data-id=\"ui-cart\"]').length").asInt() > 0,
                    Duration.ofSeconds(30));
            browser.screenshot(SCREENSHOTS.resolve("queries.png"));

            // the job's cameras: add one and remove the configured one through the page
            browser.evaluate("document.getElementById('camera-control-tab').click()");
            browser.await("the configured camera in the cameras tab", () -> browser.evaluate(
                    "document.querySelectorAll('#camera-control-list tr[data-id=\"ped2-test04\"][data-origin="
                            + "\"configured\"]').length").asInt() > 0, Duration.ofSeconds(30));
            browser.evaluate("(() => { const f = document.getElementById('camera-form');"
                    + " f.elements.id.value = 'gate'; f.elements.url.value = 'lavfi:testsrc=size=64x48:rate=5';"
                    + " f.elements.sampling.value = 'fps=2'; f.requestSubmit(); })()");
            browser.await("the added camera in the cameras tab", () -> browser.evaluate(
                    "document.querySelectorAll('#camera-control-list tr[data-id=\"gate\"][data-origin=\"added\"]')"
                            + ".length").asInt() > 0, Duration.ofSeconds(30));
            browser.evaluate("document.querySelector('#camera-control-list tr[data-id=\"ped2-test04\"] button')"
                    + ".click()");
            browser.await("the configured camera removed", () -> browser.evaluate(
                    "document.querySelectorAll('#camera-control-list tr[data-id=\"ped2-test04\"][data-origin="
                            + "\"removed\"]').length").asInt() > 0, Duration.ofSeconds(30));
            browser.screenshot(SCREENSHOTS.resolve("cameras.png"));
        } finally {
            ui.interrupt();
            ui.join(15_000);
            if (job != null) {
                job.get(300, TimeUnit.SECONDS);
            }
        }
        console.reset();
        assertThat(SparsightCli.run("query", "list", "--bootstrap", kafka.bootstrapServers())).isZero();
        assertThat(console.out()).contains("ui-cart").contains("0.60").contains("a small vehicle drives through the crowd");
        console.reset();
        assertThat(SparsightCli.run("cameras", "list", "--config", config.toString())).isZero();
        assertThat(console.out()).containsPattern("gate\\s+added\\s+fps=2").containsPattern("ped2-test04\\s+removed");
    }

    private static void runJob(Path clips) {
        try {
            StreamExecutionEnvironment env = LocalFlink.environment(1, Duration.ofSeconds(1), 0);
            CameraSpec camera = CameraSpec.builder("ped2-test04", SAMPLE.toString()).sampling(Sampling.full())
                    .size(360, 240).channels(3).build();
            CameraStages stages = CameraStages.motionOnly(MotionConfig.defaults())
                    .withObjects(ObjectsConfig.defaults().withCameras(Map.of("ped2-test04",
                            CameraObjects.defaults())))
                    .withClips(ClipsConfig.defaults().withStore(clips.toString()).withCameras(Set.of("ped2-test04"))
                            .withTypes(Set.of(EventTypes.OBJECT, EventTypes.MOTION)));
            CameraJob.build(env, VideoSource.bounded(List.of(camera)), CameraJob.SOURCE_IDLENESS, stages, null,
                    KafkaEventSink.builder().bootstrapServers(kafka.bootstrapServers())
                            .transactionalIdPrefix("ui-it").topics(EventTopics.defaults()).build());
            env.execute("ui-it");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitUp(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "api/info")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("the ui command listens within 30 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
