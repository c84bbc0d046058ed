package io.sparsight.pipelines.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.local.QueryTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web view ({@code ./sparsight ui}): the page and its files from the jar ({@code /ui/}), the events as
 * server-sent events ({@link EventFeed}), the standing queries (read from and written to the control topic), the
 * cameras' analysed frame rates (from a job's Prometheus endpoint, when given) and the clip store's files (with byte
 * ranges, so videos seek), and with a job's configuration its cameras ({@link CamerasEndpoint}). Anything that
 * changes state needs the token when one is set.
 */
public final class UiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css",
            "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "mp4",
            "video/mp4", "webm", "video/webm", "jpg", "image/jpeg", "png", "image/png");

    /** What the view reads and where it listens. */
    public record Settings(String host, int port, Properties kafka, String servers, Collection<String> eventTopics,
            String queryTopic, Path clips, String metricsUrl, String token, CameraControl cameras) {}

    /** The job whose cameras the view may list and change (from its configuration; null: it may not). */
    public record CameraControl(List<CameraSpec> configured, String topic) {}

    private final Settings settings;
    private final EventFeed feed;
    private final CameraRates rates;
    private final HttpServer server;
    private final ExecutorService executor;

    public UiServer(Settings settings) throws IOException {
        this.settings = settings;
        this.feed = new EventFeed(settings.kafka(), settings.eventTopics(), 2_000);
        this.rates = new CameraRates(settings.metricsUrl());
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "ui-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::page);
        server.createContext("/api/events", this::events);
        server.createContext("/api/queries", this::queries);
        server.createContext("/api/info", this::info);
        CamerasEndpoint cameras = new CamerasEndpoint(settings.cameras() == null ? null : new CamerasEndpoint.Job(
                settings.cameras().configured(), settings.cameras().topic()), settings.kafka(), settings.servers(),
                this::authorised);
        server.createContext("/api/cameras", cameras::handle);
        server.createContext("/clips/", this::clip);
    }

    public void start() {
        feed.start();
        rates.start();
        server.start();
    }

    /** The address pages open: {@code http://host:port/}. */
    public String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        feed.close();
        rates.close();
        executor.shutdownNow();
    }

    private void page(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!SAFE_NAME.matcher(name).matches()) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = UiServer.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "not found");
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            send(exchange, 200, typeOf(name), in.readAllBytes());
        }
    }

    /** Server-sent events: the kept events, then every new one; a comment every 15 s keeps proxies open. */
    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        EventFeed.Subscription subscription = feed.open();
        try (OutputStream out = exchange.getResponseBody()) {
            for (String event : subscription.backlog()) {
                out.write(sse(event));
            }
            out.flush();
            BlockingQueue<String> live = subscription.live();
            while (feed.isSubscribed(live)) {
                String event = live.poll(15, TimeUnit.SECONDS);
                out.write(event == null ? ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8) : sse(event));
                out.flush();
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unsubscribe(subscription.live());
        }
    }

    private static byte[] sse(String event) {
        return ("data: " + event.replace("\n", "") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private void info(HttpExchange exchange) throws IOException {
        ObjectNode info = MAPPER.createObjectNode();
        info.put("kafka", settings.servers());
        info.put("queryTopic", settings.queryTopic());
        info.put("clips", settings.clips() == null ? null : settings.clips().toString());
        info.put("tokenRequired", settings.token() != null);
        info.put("cameraControl", settings.cameras() != null);
        info.put("feedProblem", feed.problem());
        ObjectNode fps = info.putObject("analysedFps");
        rates.latest().forEach(fps::put);
        sendJson(exchange, 200, info);
    }

    private void queries(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            if (method.equals("GET")) {
                ArrayNode list = MAPPER.createArrayNode();
                for (QueryCommand q : QueryTopic.standing(settings.kafka(), settings.queryTopic(),
                        Duration.ofSeconds(10)).values()) {
                    ObjectNode node = list.addObject();
                    node.put("id", q.id);
                    node.put("camera", q.camera == null ? "*" : q.camera);
                    node.put("text", q.text);
                    node.put("threshold", q.threshold);
                }
                sendJson(exchange, 200, list);
                return;
            }
            if (!authorised(exchange)) {
                sendError(exchange, 401, "this view needs its token to change queries (the token field, top right)");
                return;
            }
            if (method.equals("POST")) {
                JsonNode body = MAPPER.readTree(readBody(exchange, 16_384));
                String text = body.path("text").asText("");
                String camera = body.path("camera").asText("*");
                String id = body.path("id").asText("");
                if (id.isBlank()) {
                    id = "q-" + UUID.nameUUIDFromBytes((camera + "|" + text).getBytes(StandardCharsets.UTF_8))
                            .toString().substring(0, 8);
                }
                QueryCommand add = QueryMessages.checkedAdd(id, camera, text, body.path("threshold").asDouble(0.5));
                QueryTopic.send(settings.kafka(), settings.queryTopic(), List.of(add.from(QueryCommand.FROM_CLI)));
                ObjectNode sent = MAPPER.createObjectNode();
                sent.put("id", add.id);
                sendJson(exchange, 200, sent);
                return;
            }
            if (method.equals("DELETE")) {
                String path = exchange.getRequestURI().getPath();
                String id = path.substring(path.lastIndexOf('/') + 1);
                QueryCommand remove = QueryMessages.checkedRemove(id);
                QueryTopic.send(settings.kafka(), settings.queryTopic(), List.of(remove.from(QueryCommand.FROM_CLI)));
                sendJson(exchange, 200, MAPPER.createObjectNode().put("removed", id));
                return;
            }
            sendError(exchange, 405, method + " is not allowed here");
        } catch (IllegalArgumentException e) {
            sendError(exchange, 400, e.getMessage());
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            sendError(exchange, 502, "Kafka at " + settings.servers() + " did not answer: " + e.getMessage());
        }
    }

    /** A file of the clip store: {@code /clips/<camera>/<file>}, with byte ranges. */
    private void clip(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (settings.clips() == null || parts.length != 4 || !SAFE_NAME.matcher(parts[2]).matches()
                || !SAFE_NAME.matcher(parts[3]).matches() || parts[3].startsWith(".")) {
            send(exchange, 404, "text/plain", "not found");
            return;
        }
        Path file = settings.clips().resolve(parts[2]).resolve(parts[3]);
        if (!Files.isRegularFile(file)) {
            send(exchange, 404, "text/plain", "no such clip (retention may have deleted it)");
            return;
        }
        long length = Files.size(file);
        long from = 0;
        long to = length - 1;
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range.trim());
        boolean partial = m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty());
        if (partial) {
            if (m.group(1).isEmpty()) {
                from = Math.max(0, length - Long.parseLong(m.group(2)));
            } else {
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? length - 1 : Math.min(length - 1, Long.parseLong(m.group(2)));
            }
            if (from > to || from >= length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + length);
                send(exchange, 416, "text/plain", "range not satisfiable");
                return;
            }
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + length);
        }
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", typeOf(parts[3]));
        long count = to - from + 1;
        exchange.sendResponseHeaders(partial ? 206 : 200, count);
        try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
            in.skipNBytes(from);
            byte[] buffer = new byte[64 * 1024];
            long left = count;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            // the player stopped reading (seeking): nothing to do
        }
    }

    private boolean authorised(HttpExchange exchange) {
        if (settings.token() == null) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("X-Sparsight-Token");
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.token().getBytes(StandardCharsets.UTF_8));
    }

    static String readBody(HttpExchange exchange, int max) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new IllegalArgumentException("the request is larger than " + max + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String typeOf(String name) {
        return TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
    }

    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, MAPPER.createObjectNode().put("error", message));
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", MAPPER.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        if (status >= 500) {
            LOG.warn("ui: {} {} -> {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), status);
        }
    }
}
