package io.sparsight.pipelines.soak;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves the soak's HLS folders over HTTP on 127.0.0.1: {@code http://127.0.0.1:P/<camera>/<file>}. */
final class HlsFolders implements AutoCloseable {

    private final Path root;
    private final HttpServer server;

    HlsFolders(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body;
            try {
                body = Files.readAllBytes(file);
            } catch (IOException deletedMeanwhile) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", file.toString().endsWith(".m3u8")
                    ? "application/vnd.apple.mpegurl" : "video/mp2t");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The folder a camera's segments go to (created). */
    Path folder(String camera) throws IOException {
        return Files.createDirectories(root.resolve(camera));
    }

    String url(String camera, String file) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + camera + "/" + file;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
