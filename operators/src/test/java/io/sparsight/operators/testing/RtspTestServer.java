package io.sparsight.operators.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small RTSP server on 127.0.0.1 for tests: one stream of MPEG-TS over RTP (payload type 33), interleaved on the
 * RTSP connection (RTP/AVP/TCP). After PLAY it sends {@code first} once and then {@code after} again and again, an RTP
 * packet of 7 TS packets every 20 ms, the RTP clock running at real time. Enough of RTSP for FFmpeg's client:
 * OPTIONS, DESCRIBE, SETUP, PLAY, and 200 to anything else (keep-alives, TEARDOWN); interleaved RTCP from the client is
 * read and dropped.
 */
public final class RtspTestServer implements AutoCloseable {

    private static final int TS_PACKET = 188;
    private static final String SESSION = "5A4E1F2C";

    private final ServerSocket server;
    private final byte[] first;
    private final byte[] after;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

    public RtspTestServer(byte[] first, byte[] after) throws IOException {
        if (first.length % TS_PACKET != 0 || after.length % TS_PACKET != 0 || after.length == 0) {
            throw new IllegalArgumentException("whole MPEG-TS packets, please");
        }
        this.first = first;
        this.after = after;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "rtsp-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/cam";
    }

    /** How many connections clients made. */
    public int connections() {
        return accepted.size();
    }

    /** Whether every connection made so far was ended by its client (read to its end) within the time. */
    public boolean awaitClientsGone(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ended.get() < accepted.size()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.add(client);
                Thread session = new Thread(() -> serve(client), "rtsp-test-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b == '$') { // interleaved RTCP from the client
                    in.readUnsignedByte();
                    in.skipNBytes(in.readUnsignedShort());
                    continue;
                }
                String head = (char) b + readHead(in);
                String method = head.substring(0, head.indexOf(' '));
                String cseq = header(head, "CSeq");
                String length = header(head, "Content-Length");
                if (length != null) {
                    in.skipNBytes(Integer.parseInt(length.trim()));
                }
                String reply = switch (method) {
                    case "OPTIONS" -> "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n";
                    case "DESCRIBE" -> describe();
                    case "SETUP" -> "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nSession: " + SESSION + "\r\n\r\n";
                    default -> "Session: " + SESSION + "\r\n\r\n";
                };
                synchronized (out) {
                    out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + reply).getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                if (method.equals("PLAY")) {
                    Thread sender = new Thread(() -> send(out), "rtsp-test-rtp");
                    sender.setDaemon(true);
                    sender.start();
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the client closed the connection
        } finally {
            ended.incrementAndGet();
        }
    }

    private String describe() {
        String sdp = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=test\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=video 0 RTP/AVP 33\r\na=rtpmap:33 MP2T/90000\r\na=control:track0\r\n";
        return "Content-Base: " + url() + "/\r\nContent-Type: application/sdp\r\nContent-Length: "
                + sdp.length() + "\r\n\r\n" + sdp;
    }

    /** RTP packets of the TS bytes, on interleaved channel 0, until the connection fails. */
    private void send(OutputStream out) {
        long started = System.nanoTime();
        int sequence = 0;
        try {
            byte[] stream = first;
            while (true) {
                for (int at = 0; at < stream.length; at += RtpMpegTs.PAYLOAD) {
                    int payload = Math.min(RtpMpegTs.PAYLOAD, stream.length - at);
                    long rtpTime = (System.nanoTime() - started) / 1_000_000 * 90;
                    byte[] rtp = RtpMpegTs.packet(sequence, rtpTime, stream, at, payload);
                    sequence = (sequence + 1) & 0xFFFF;
                    ByteArrayOutputStream packet = new ByteArrayOutputStream(4 + rtp.length);
                    packet.write('$'); // interleaved, channel 0
                    packet.write(0);
                    packet.write(rtp.length >> 8);
                    packet.write(rtp.length);
                    packet.write(rtp);
                    synchronized (out) {
                        out.write(packet.toByteArray());
                        out.flush();
                    }
                    Thread.sleep(20);
                }
                stream = after;
            }
        } catch (IOException | InterruptedException gone) {
            // the client closed the connection
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT)
                    .equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
