package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket, with the JDK's client): open a page,
 * evaluate JavaScript in it, take screenshots. For the web view's browser test; {@code deploy/ensure-chromium.sh}
 * installs the browser where it is missing.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    HeadlessChromium(Path profile) throws Exception {
        String binary = binary();
        process = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1440,900",
                "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
        String browserUrl = awaitDevTools();
        URI devtools = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + devtools.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageUrl = null;
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("Chromium opened no page: " + targets);
        }
        page = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(20, TimeUnit.SECONDS);
        call("Page.enable", MAPPER.createObjectNode());
        call("Runtime.enable", MAPPER.createObjectNode());
    }

    static String binary() {
        for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        throw new IllegalStateException("no Chromium on the PATH: deploy/ensure-chromium.sh installs Debian's chromium"
                + " (the build runs it before the integration tests, as root)");
    }

    private String awaitDevTools() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // Chromium's log; read so it never blocks on a full pipe
                        }
                    } catch (IOException ignored) {
                        // the browser went away
                    }
                }, "chromium-log");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new IllegalStateException("Chromium exited before its DevTools listened:\n" + seen);
    }

    void open(String url) throws Exception {
        call("Page.navigate", MAPPER.createObjectNode().put("url", url));
        await("the page loaded", () -> "complete".equals(evaluate("document.readyState").asText()),
                Duration.ofSeconds(30));
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    JsonNode evaluate(String expression) {
        try {
            JsonNode result = call("Runtime.evaluate", MAPPER.createObjectNode().put("expression", expression)
                    .put("awaitPromise", true).put("returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("the page threw on " + expression + ": "
                        + result.path("exceptionDetails"));
            }
            return result.path("result").path("value");
        } catch (Exception e) {
            throw new IllegalStateException("evaluating " + expression + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code condition} every 250 ms; throws with {@code what} when it is not true within {@code timeout}. */
    void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(250);
        }
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", MAPPER.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ObjectNode message = MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        page.sendText(MAPPER.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = MAPPER.readTree(partial.toString());
                    CompletableFuture<JsonNode> answer = message.has("id")
                            ? waiting.remove(message.path("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    // not JSON: nothing waits for it
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        try {
            page.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
