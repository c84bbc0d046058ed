package io.sparsight.models.tracks;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Track videos on disk, one JSON file each, compact: {@code {"id", "width", "height", "fps", "frames": [[object,
 * ...], ...]}} with each object as {@code [track, "label", x1, y1, x2, y2, score, keypoints or null]} (fractions of
 * the frame, 4 decimals; keypoints as 51 numbers: x, y, score per keypoint).
 */
public final class TrackFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrackFiles() {}

    public static void write(TrackVideo video, Path file) throws IOException {
        try (JsonGenerator out = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeStringField("id", video.id());
            out.writeNumberField("width", video.width());
            out.writeNumberField("height", video.height());
            out.writeNumberField("fps", video.fps());
            out.writeArrayFieldStart("frames");
            for (List<TrackedObject> frame : video.frames()) {
                out.writeStartArray();
                for (TrackedObject o : frame) {
                    out.writeStartArray();
                    out.writeNumber(o.track());
                    out.writeString(o.label());
                    for (float v : new float[] {o.x1(), o.y1(), o.x2(), o.y2(), o.score()}) {
                        out.writeNumber(round(v));
                    }
                    if (o.keypoints() == null) {
                        out.writeNull();
                    } else {
                        out.writeStartArray();
                        for (float v : o.keypoints()) {
                            out.writeNumber(round(v));
                        }
                        out.writeEndArray();
                    }
                    out.writeEndArray();
                }
                out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }

    public static TrackVideo read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        }
        try {
            List<List<TrackedObject>> frames = new ArrayList<>();
            for (JsonNode frame : required(root, "frames")) {
                List<TrackedObject> objects = new ArrayList<>();
                for (JsonNode o : frame) {
                    float[] keypoints = null;
                    if (!o.get(7).isNull()) {
                        keypoints = new float[o.get(7).size()];
                        for (int i = 0; i < keypoints.length; i++) {
                            keypoints[i] = (float) o.get(7).get(i).asDouble();
                        }
                    }
                    objects.add(new TrackedObject(o.get(0).asInt(), o.get(1).asText(), (float) o.get(2).asDouble(),
                            (float) o.get(3).asDouble(), (float) o.get(4).asDouble(), (float) o.get(5).asDouble(),
                            (float) o.get(6).asDouble(), keypoints));
                }
                frames.add(objects);
            }
            return new TrackVideo(required(root, "id").asText(), required(root, "width").asInt(),
                    required(root, "height").asInt(), required(root, "fps").asDouble(), frames);
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a track video: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            throw new IllegalArgumentException("no '" + field + "' field");
        }
        return node;
    }

    private static double round(float v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
