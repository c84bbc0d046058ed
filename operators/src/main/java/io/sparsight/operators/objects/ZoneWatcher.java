package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches one camera's confirmed tracks against its zones: a track whose foot point (bottom centre of its box)
 * comes into a zone enters it, one that goes out (or ends) leaves it, and one that stays {@link Zone#loiterMs()}
 * loiters (once per visit). What a track is in lives in the track itself ({@link Track#zonesInside} and the rest),
 * so it is kept and restored with it. A track that stands still gives nothing new: a parked car enters once.
 */
public final class ZoneWatcher {

    /** What a track did in a zone. */
    public enum Action {
        ENTER, LEAVE, LOITER;

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One thing a track did in a zone, at {@code timeMs} (capture time). */
    public record Change(Track track, int zoneIndex, Zone zone, Action action, long timeMs) {}

    private final List<Zone> zones;

    public ZoneWatcher(List<Zone> zones) {
        if (zones.size() > Long.SIZE) {
            throw new IllegalArgumentException("a camera has at most " + Long.SIZE + " zones, got " + zones.size());
        }
        this.zones = List.copyOf(zones);
    }

    public int size() {
        return zones.size();
    }

    /** The zone changes of a confirmed track at its position now, in a {@code width} x {@code height} picture. */
    public List<Change> update(Track track, long timeMs, int width, int height) {
        List<Change> changes = new ArrayList<>();
        String className = CocoClasses.NAMES.get(track.classId);
        for (int z = 0; z < zones.size(); z++) {
            Zone zone = zones.get(z);
            if (!zone.watches(className)) {
                continue;
            }
            long bit = 1L << z;
            boolean wasInside = (track.zonesInside & bit) != 0;
            boolean inside = zone.contains(track.centreX(), track.y2, width, height);
            if (inside && !wasInside) {
                track.zonesInside |= bit;
                track.zonesVisited |= bit;
                track.zonesLoitered &= ~bit;
                track.zoneEnteredMs[z] = timeMs;
                changes.add(new Change(track, z, zone, Action.ENTER, timeMs));
            } else if (!inside && wasInside) {
                track.zonesInside &= ~bit;
                changes.add(new Change(track, z, zone, Action.LEAVE, timeMs));
            } else if (inside && zone.loiterMs() > 0 && (track.zonesLoitered & bit) == 0
                    && timeMs - track.zoneEnteredMs[z] >= zone.loiterMs()) {
                track.zonesLoitered |= bit;
                changes.add(new Change(track, z, zone, Action.LOITER, timeMs));
            }
        }
        return changes;
    }

    /** A track that ended leaves every zone it was in, at its last sighting. */
    public List<Change> ended(Track track) {
        List<Change> changes = new ArrayList<>();
        for (int z = 0; z < zones.size(); z++) {
            long bit = 1L << z;
            if ((track.zonesInside & bit) != 0) {
                track.zonesInside &= ~bit;
                changes.add(new Change(track, z, zones.get(z), Action.LEAVE, track.lastMs));
            }
        }
        return changes;
    }

    /** The names of the zones a track has visited, in zone order. */
    public List<String> visited(Track track) {
        List<String> names = new ArrayList<>();
        for (int z = 0; z < zones.size(); z++) {
            if ((track.zonesVisited & (1L << z)) != 0) {
                names.add(zones.get(z).name());
            }
        }
        return names;
    }
}
