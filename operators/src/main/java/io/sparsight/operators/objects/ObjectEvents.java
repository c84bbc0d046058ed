package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.operators.events.CloudEventJson;
import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events of the object stage: {@code io.sparsight.object} when a track ends, {@code io.sparsight.zone} when a
 * track enters, leaves or loiters in a zone. Ids come from the camera, what the stream is, the track and (for zones)
 * the zone, what happened and when, so a replay after a failure repeats the same ids.
 */
public final class ObjectEvents {

    private ObjectEvents() {}

    /** The event of a track that ended, seen in frames of {@code width} x {@code height}. */
    public static EventRecord ended(String camera, long streamId, Track track, List<String> zones, int width,
            int height, String model) {
        List<List<Double>> path = new ArrayList<>();
        for (int p = 0; p < track.path.length; p += 3) {
            path.add(List.of((double) Math.round(track.path[p]), rounded(track.path[p + 1]),
                    rounded(track.path[p + 2])));
        }
        ObjectData data = new ObjectData(camera, track.id, CocoClasses.NAMES.get(track.classId),
                Instant.ofEpochMilli(track.firstMs).toString(), Instant.ofEpochMilli(track.lastMs).toString(),
                track.firstOffsetMs, track.lastOffsetMs, Math.round(track.bestScore * 1000) / 1000.0,
                box(track.bestBox[0], track.bestBox[1], track.bestBox[2], track.bestBox[3]),
                Instant.ofEpochMilli(track.bestMs).toString(), zones, path, track.hits, width, height, model);
        String id = id(camera, streamId, EventTypes.OBJECT, track.id + "|" + track.firstOffsetMs);
        return new EventRecord(id, EventTypes.OBJECT, camera, track.lastMs, CloudEventJson.write(data));
    }

    /** The event of a track's change in a zone, at stream offset {@code offsetMs}. */
    public static EventRecord zone(String camera, long streamId, ZoneWatcher.Change change, long offsetMs, int width,
            int height) {
        Track track = change.track();
        long dwell = change.action() == ZoneWatcher.Action.ENTER ? 0
                : Math.max(0, change.timeMs() - track.zoneEnteredMs[change.zoneIndex()]);
        ZoneData data = new ZoneData(camera, change.zone().name(), change.action().text(), track.id,
                CocoClasses.NAMES.get(track.classId), Instant.ofEpochMilli(change.timeMs()).toString(), offsetMs, dwell,
                box(track.x1, track.y1, track.x2, track.y2), width, height);
        String id = id(camera, streamId, EventTypes.ZONE, track.id + "|" + track.firstOffsetMs + "|"
                + change.zone().name() + "|" + change.action().text() + "|" + change.timeMs());
        return new EventRecord(id, EventTypes.ZONE, camera, change.timeMs(), CloudEventJson.write(data));
    }

    private static String id(String camera, long streamId, String type, String what) {
        return UUID.nameUUIDFromBytes((camera + "|" + streamId + "|" + type + "|" + what)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static List<Double> box(float x1, float y1, float x2, float y2) {
        return List.of(rounded(x1), rounded(y1), rounded(x2), rounded(y2));
    }

    private static double rounded(float v) {
        return Math.round(v * 10) / 10.0;
    }
}
