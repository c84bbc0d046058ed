package io.sparsight.pipelines.soak;

import io.sparsight.pipelines.local.BundledFfmpeg;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One live camera for the soak: the bundled FFmpeg playing a clip in a loop at its own pace (-re), served on
 * 127.0.0.1 over TCP (MPEG-TS, FFmpeg listening for the camera), UDP (MPEG-TS pushed to the camera's port) or HLS
 * (segments in a folder that {@link HlsFolders} serves over HTTP). A supervisor thread starts FFmpeg again whenever
 * it ends while the server is up (a TCP server ends with its client); {@link #stop()} kills it, as a camera that
 * goes away. A soak stopped from outside (Ctrl-C, a kill) kills it too, on the JVM's way out: FFmpeg loops the clip
 * for ever and would otherwise outlive the soak.
 */
final class ClipServer implements AutoCloseable {

    /** How a camera's stream is served. */
    enum Protocol { TCP, UDP, HLS }

    private final String name;
    private final Protocol protocol;
    private final Path clip;
    private final int port;
    private final Path hlsFolder;
    private final String url;
    private volatile boolean up;
    private volatile boolean closed;
    private volatile Process process;
    private Thread supervisor;
    private final Thread killOnExit;

    /**
     * @param hls where HLS segments are written and served from (used by {@link Protocol#HLS} only)
     */
    ClipServer(String name, Protocol protocol, Path clip, HlsFolders hls) throws IOException {
        this.name = name;
        this.protocol = protocol;
        this.clip = clip;
        this.port = protocol == Protocol.HLS ? 0 : freePort();
        this.hlsFolder = protocol == Protocol.HLS ? hls.folder(name) : null;
        this.url = switch (protocol) {
            case TCP -> "tcp://127.0.0.1:" + port;
            case UDP -> "udp://127.0.0.1:" + port;
            case HLS -> hls.url(name, "live.m3u8");
        };
        this.killOnExit = new Thread(this::kill, "soak-server-exit-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Ends serving for good without waiting: no restart, FFmpeg killed. */
    private void kill() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    String url() {
        return url;
    }

    Protocol protocol() {
        return protocol;
    }

    /** Starts serving (again). */
    synchronized void start() {
        up = true;
        if (supervisor == null || !supervisor.isAlive()) {
            supervisor = new Thread(this::supervise, "soak-server-" + name);
            supervisor.setDaemon(true);
            supervisor.start();
        }
    }

    /** Stops serving: FFmpeg is killed and not started again until {@link #start()}. */
    synchronized void stop() throws InterruptedException {
        up = false;
        Process p = process;
        if (p != null) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (supervisor != null) {
            supervisor.join(10_000);
        }
    }

    private void supervise() {
        while (up && !closed) {
            try {
                process = BundledFfmpeg.process(arguments()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                process.waitFor();
            } catch (IOException e) {
                sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            sleep(200);
        }
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("-hide_banner", "-loglevel", "error", "-re", "-stream_loop",
                "-1", "-i", clip.toString(), "-c", "copy"));
        switch (protocol) {
            case TCP -> args.addAll(List.of("-f", "mpegts", "tcp://127.0.0.1:" + port + "?listen=1"));
            case UDP -> args.addAll(List.of("-f", "mpegts", "udp://127.0.0.1:" + port + "?pkt_size=1316"));
            case HLS -> args.addAll(List.of("-f", "hls", "-hls_time", "1", "-hls_list_size", "6", "-hls_flags",
                    "delete_segments+omit_endlist", hlsFolder.resolve("live.m3u8").toString()));
        }
        return args;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already on its way out: the hook runs anyway
        }
    }
}
