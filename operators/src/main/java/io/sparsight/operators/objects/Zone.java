package io.sparsight.operators.objects;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;

/**
 * A named area of one camera's picture: a polygon, in the camera's analysis pixels or, when {@code relative}, in
 * fractions of its width and height (0..1, so the zone survives a change of analysis size). A track is in the zone
 * when the bottom centre of its box (where a person stands, where a car's wheels are) is inside the polygon.
 *
 * @param name     the zone's name in events
 * @param points   x0, y0, x1, y1, ...: at least three corners, in order around the polygon
 * @param relative whether the points are fractions of the picture's size
 * @param classes  the classes whose tracks are reported (COCO names); empty: every class the camera tracks
 * @param loiterMs a track that stays in the zone this long is reported once per visit; 0: never
 */
public record Zone(String name, float[] points, boolean relative, Set<String> classes, long loiterMs)
        implements Serializable {

    public Zone {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a zone needs a name");
        }
        if (points == null || points.length < 6 || points.length % 2 != 0) {
            throw new IllegalArgumentException("zone '" + name + "' needs at least three corners as x, y pairs, got "
                    + (points == null ? "none" : points.length + " numbers"));
        }
        for (float p : points) {
            if (!Float.isFinite(p) || p < 0 || (relative && p > 1)) {
                throw new IllegalArgumentException("zone '" + name + "': corners must be " + (relative
                        ? "fractions of the picture in 0..1" : "pixels >= 0") + ", got " + Arrays.toString(points));
            }
        }
        if (loiterMs < 0) {
            throw new IllegalArgumentException("zone '" + name + "': loiter time must be >= 0, got " + loiterMs);
        }
        points = points.clone();
        classes = Set.copyOf(classes);
    }

    /** Whether the point (in pixels of a {@code width} x {@code height} picture) is inside (even-odd rule). */
    public boolean contains(float x, float y, int width, int height) {
        float sx = relative ? width : 1;
        float sy = relative ? height : 1;
        boolean inside = false;
        int corners = points.length / 2;
        for (int i = 0, j = corners - 1; i < corners; j = i++) {
            float xi = points[2 * i] * sx;
            float yi = points[2 * i + 1] * sy;
            float xj = points[2 * j] * sx;
            float yj = points[2 * j + 1] * sy;
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }

    /** Whether tracks of this class are reported in this zone. */
    public boolean watches(String className) {
        return classes.isEmpty() || classes.contains(className);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Zone z && name.equals(z.name) && Arrays.equals(points, z.points) && relative == z.relative
                && classes.equals(z.classes) && loiterMs == z.loiterMs;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(points);
    }

    @Override
    public String toString() {
        return "Zone{" + name + " " + Arrays.toString(points) + (relative ? " relative" : "") + " classes " + classes
                + " loiter " + loiterMs + " ms}";
    }
}
