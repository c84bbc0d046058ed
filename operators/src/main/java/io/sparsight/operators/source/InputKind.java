package io.sparsight.operators.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What kind of input a camera URL names, which decides how it is opened and whether it is live. */
public enum InputKind {
    /** A video file in any container FFmpeg reads. Read without loss; the read position is checkpointed. */
    FILE(false),
    /** A folder of numbered images ({@code 000.jpg, 001.jpg, ...}, the UCSD layout). */
    IMAGE_SEQUENCE(false),
    /** An FFmpeg test source, written {@code lavfi:<filtergraph>}. */
    LAVFI(false),
    /** RTSP, RTMP, HTTP/HLS, UDP, TCP or SRT: live, reconnected when it drops. */
    NETWORK(true),
    /** A V4L2 capture device such as {@code /dev/video0}: live. */
    DEVICE(true);

    static final String LAVFI_PREFIX = "lavfi:";

    private final boolean live;

    InputKind(boolean live) {
        this.live = live;
    }

    /** Live inputs cannot be replayed: they reconnect when they drop and shed frames when processing falls behind. */
    public boolean isLive() {
        return live;
    }

    public static InputKind of(String url) {
        if (url.startsWith(LAVFI_PREFIX)) {
            return LAVFI;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("/dev/video") || lower.startsWith("v4l2:")) {
            return DEVICE;
        }
        if (lower.startsWith("file:")) {
            return FILE;
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return NETWORK;
        }
        return Files.isDirectory(Path.of(url)) ? IMAGE_SEQUENCE : FILE;
    }
}
