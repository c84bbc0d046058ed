package io.sparsight.operators.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * What a camera's stream is, as a number the event ids are derived from ({@code VideoFrame#streamId}), so that an
 * event's id says what the event is and not when the job ran: the same file read twice gives its spans the same ids,
 * and a consumer can deduplicate. A file is its absolute path, size and modification time (an edited file is another
 * stream); a live camera is its run, which starts when its split is made (two runs are different footage); a test
 * source or an image folder is its URL.
 */
public final class StreamIdentity {

    private StreamIdentity() {}

    /** @param streamStartMs the wall-clock start of this run over the stream */
    public static long of(CameraSpec camera, long streamStartMs) {
        if (camera.kind().isLive()) {
            return streamStartMs;
        }
        if (camera.kind() == InputKind.FILE) {
            Path path = Path.of(camera.url().startsWith("file:") ? camera.url().substring(5) : camera.url())
                    .toAbsolutePath().normalize();
            try {
                return hash("file|" + path + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis());
            } catch (IOException unreadable) {
                return hash("file|" + path); // it will not open either; the decoder says why
            }
        }
        return hash(camera.kind() + "|" + camera.url());
    }

    private static long hash(String identity) {
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }
}
