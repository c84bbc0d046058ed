package io.sparsight.operators.objects;

import io.sparsight.models.detection.CocoClasses;
import io.sparsight.models.detection.Detection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneWatcherTest {

    private static final int PERSON = CocoClasses.NAMES.indexOf("person");
    private static final int CAR = CocoClasses.NAMES.indexOf("car");

    /** The middle third of a 300x200 picture, left to right, in pixels. */
    private static final Zone MIDDLE = new Zone("middle", new float[] {100, 0, 200, 0, 200, 200, 100, 200}, false,
            Set.of(), 0);

    private static Track trackAt(int classId, float x, float footY) {
        Track track = Track.start(new Detection(classId, 0.9f, x - 10, footY - 40, x + 10, footY), 0, 0, 4);
        track.id = 1;
        return track;
    }

    private static List<String> walk(ZoneWatcher watcher, Track track, float fromX, float toX, float stepX) {
        List<String> seen = new ArrayList<>();
        long time = 0;
        for (float x = fromX; stepX > 0 ? x <= toX : x >= toX; x += stepX, time += 200) {
            track.x1 = x - 10;
            track.x2 = x + 10;
            for (ZoneWatcher.Change change : watcher.update(track, time, 300, 200)) {
                seen.add(change.action().text() + " " + change.zone().name() + " at " + change.timeMs());
            }
        }
        return seen;
    }

    @Test
    void aTrackWalkingThroughAZoneEntersAndLeavesItOnce() {
        ZoneWatcher watcher = new ZoneWatcher(List.of(MIDDLE));
        Track track = trackAt(PERSON, 0, 150);
        assertThat(walk(watcher, track, 0, 300, 20)).containsExactly("enter middle at 1000", "leave middle at 2000");
        assertThat(watcher.visited(track)).containsExactly("middle");
    }

    @Test
    void aTrackThatStaysIsReportedLoiteringOncePerVisit() {
        Zone loiter = new Zone("door", MIDDLE.points(), false, Set.of(), 2000);
        ZoneWatcher watcher = new ZoneWatcher(List.of(loiter));
        Track track = trackAt(PERSON, 150, 150);
        List<String> seen = new ArrayList<>();
        for (long t = 0; t <= 10_000; t += 500) {
            watcher.update(track, t, 300, 200).forEach(c -> seen.add(c.action().text() + " at " + c.timeMs()));
        }
        assertThat(seen).containsExactly("enter at 0", "loiter at 2000");
        track.x1 = 260;
        track.x2 = 280;
        watcher.update(track, 10_500, 300, 200);
        track.x1 = 140;
        track.x2 = 160;
        for (long t = 11_000; t <= 14_000; t += 500) {
            watcher.update(track, t, 300, 200).forEach(c -> seen.add(c.action().text() + " at " + c.timeMs()));
        }
        assertThat(seen).containsExactly("enter at 0", "loiter at 2000", "enter at 11000", "loiter at 13000");
    }

    @Test
    void aZoneReportsOnlyItsClassesAndRelativeCornersScaleWithThePicture() {
        Zone carsOnly = new Zone("road", new float[] {0, 0.5f, 1, 0.5f, 1, 1, 0, 1}, true, Set.of("car"), 0);
        ZoneWatcher watcher = new ZoneWatcher(List.of(carsOnly));
        assertThat(watcher.update(trackAt(PERSON, 150, 180), 0, 300, 200)).isEmpty();
        assertThat(watcher.update(trackAt(CAR, 150, 180), 0, 300, 200)).extracting(ZoneWatcher.Change::action)
                .containsExactly(ZoneWatcher.Action.ENTER);
        assertThat(watcher.update(trackAt(CAR, 150, 80), 0, 300, 200)).as("foot above the middle line").isEmpty();
    }

    @Test
    void anEndedTrackLeavesTheZonesItWasInAtItsLastSighting() {
        ZoneWatcher watcher = new ZoneWatcher(List.of(MIDDLE, new Zone("all",
                new float[] {0, 0, 300, 0, 300, 200, 0, 200},
                false, Set.of(), 0)));
        Track track = trackAt(PERSON, 150, 150);
        track.lastMs = 4_000;
        assertThat(watcher.update(track, 4_000, 300, 200)).hasSize(2);
        assertThat(watcher.ended(track)).extracting(c -> c.zone().name() + " " + c.action().text() + " " + c.timeMs())
                .containsExactly("middle leave 4000", "all leave 4000");
        assertThat(watcher.ended(track)).isEmpty();
    }

    @Test
    void aPolygonIsTestedAsDrawnNotAsItsBoundingBox() {
        Zone triangle = new Zone("triangle", new float[] {0, 0, 100, 0, 0, 100}, false, Set.of(), 0);
        assertThat(triangle.contains(20, 20, 300, 200)).isTrue();
        assertThat(triangle.contains(80, 80, 300, 200)).isFalse();
    }

    @Test
    void aZoneThatIsNotAPolygonIsRefusedWithItsName() {
        assertThatThrownBy(() -> new Zone("gate", new float[] {1, 2, 3, 4}, false, Set.of(), 0))
                .hasMessageContaining("zone 'gate' needs at least three corners");
        assertThatThrownBy(() -> new Zone("gate", new float[] {0, 0, 1.5f, 0, 1, 1}, true, Set.of(), 0))
                .hasMessageContaining("fractions of the picture in 0..1");
    }
}
