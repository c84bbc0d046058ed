package io.sparsight.operators.clips;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The {@code clip} member of an event's data (docs/events.md): where its clip and snapshot are, which footage the
 * clip has, or why there is none.
 *
 * @param uri      the clip (H.264 in MP4)
 * @param snapshot the peak frame as JPEG
 * @param start    the clip's first frame (UTC)
 * @param end      the clip's last frame (UTC)
 * @param frames   frames in the clip
 * @param predicted for a prediction event: a clip of each real frame of the span beside the diffusion model's
 *                 prediction of it (null when there is none)
 * @param error    why the event has no clip (then the rest is null)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClipData(String uri, String snapshot, String start, String end, Integer frames, String predicted,
        String error) {

    public static ClipData written(String uri, String snapshot, long startMs, long endMs, int frames,
            String predicted) {
        return new ClipData(uri, snapshot, Instant.ofEpochMilli(startMs).toString(),
                Instant.ofEpochMilli(endMs).toString(), frames, predicted, null);
    }

    public static ClipData missing(String error) {
        return new ClipData(null, null, null, null, null, null, error);
    }

    @JsonIgnore
    public boolean isWritten() {
        return uri != null;
    }
}
