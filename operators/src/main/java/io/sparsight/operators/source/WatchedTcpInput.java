package io.sparsight.operators.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * A {@code tcp://host:port} camera read through a socket this class owns, so that two things FFmpeg's own TCP
 * protocol cannot do are done here: a stream that keeps sending bytes but no frame is cut after the stall timeout
 * (every read checks when the last frame was decoded), and {@link #close()} from another thread ends a blocked read
 * at once, so a camera thread never outlives its job holding a socket.
 */
final class WatchedTcpInput implements AutoCloseable {

    private final Socket socket;
    private final long stallTimeoutMs;
    private volatile long lastFrameWallMs;
    /** Why the stream was cut, once it was (FFmpeg sees only a failed read). */
    private volatile String cut;

    private WatchedTcpInput(Socket socket, long stallTimeoutMs) {
        this.socket = socket;
        this.stallTimeoutMs = stallTimeoutMs;
        this.lastFrameWallMs = System.currentTimeMillis();
    }

    /** Whether a camera URL is read this way: {@code tcp://host:port} as a client (not FFmpeg's listen mode). */
    static boolean handles(String url) {
        return url.regionMatches(true, 0, "tcp://", 0, 6) && !url.contains("listen");
    }

    /** Connects within the I/O timeout; reads then wait at most that long for a byte. */
    static WatchedTcpInput connect(String url, long ioTimeoutMs, long stallTimeoutMs) throws IOException {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IOException("a tcp:// camera URL needs a host and a port, e.g. tcp://127.0.0.1:5000");
        }
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) ioTimeoutMs);
            socket.setSoTimeout((int) ioTimeoutMs);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect to " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage(),
                    e);
        }
        return new WatchedTcpInput(socket, stallTimeoutMs);
    }

    /** The stream FFmpeg reads: fails once no frame was decoded for the stall timeout, however many bytes come. */
    InputStream stream() throws IOException {
        return new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                checkFrames();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                checkFrames();
                return super.read(b, off, len);
            }
        };
    }

    /** Called for every decoded frame, and once the stream is open (probing it is not a stall). */
    void frameDecoded() {
        lastFrameWallMs = System.currentTimeMillis();
    }

    private void checkFrames() throws IOException {
        long silentMs = System.currentTimeMillis() - lastFrameWallMs;
        if (silentMs > stallTimeoutMs) {
            StalledException stalled = new StalledException(silentMs);
            cut = stalled.getMessage();
            throw stalled;
        }
    }

    /** The error of a stream cut for want of frames, or null when it was not cut. */
    StalledException cutError(String cameraId) {
        return cut == null ? null : new StalledException("camera '" + cameraId + "': " + cut);
    }

    /** Closes the socket; a read blocked in another thread ends with an exception. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing else to do
        }
    }

    /** Bytes came, but no frame for longer than the stall timeout. */
    static final class StalledException extends IOException {
        private static final long serialVersionUID = 1L;

        StalledException(long silentMs) {
            this("bytes arrive but no frame was decoded for " + silentMs + " ms");
        }

        StalledException(String message) {
            super(message);
        }
    }
}
