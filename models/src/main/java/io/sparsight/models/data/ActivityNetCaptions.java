package io.sparsight.models.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparsight.models.grounding.Moment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads ActivityNet Captions annotations ({@code train.json}, {@code val_1.json}, ...): an object keyed by video id,
 * each with {@code duration} (seconds), {@code timestamps} ({@code [[start, end], ...]}) and {@code sentences}
 * (one per timestamp). Each (timestamp, sentence) pair is one query.
 */
public final class ActivityNetCaptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ActivityNetCaptions() {}

    public static List<GroundingSample> read(Path json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(json + ": expected an object keyed by video id");
        }
        List<GroundingSample> samples = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> video = it.next();
            samples.addAll(parseVideo(video.getKey(), video.getValue(), json));
        }
        return samples;
    }

    private static List<GroundingSample> parseVideo(String id, JsonNode video, Path file) throws IOException {
        String where = file + ", video " + id;
        JsonNode duration = video.get("duration");
        JsonNode timestamps = video.get("timestamps");
        JsonNode sentences = video.get("sentences");
        if (duration == null || !duration.isNumber() || timestamps == null || !timestamps.isArray()
                || sentences == null || !sentences.isArray()) {
            throw new IOException(where + ": needs a numeric 'duration' and arrays 'timestamps' and 'sentences'");
        }
        if (timestamps.size() != sentences.size()) {
            throw new IOException(where + ": " + timestamps.size() + " timestamps but " + sentences.size()
                    + " sentences; they pair up one to one");
        }
        List<GroundingSample> samples = new ArrayList<>();
        for (int i = 0; i < timestamps.size(); i++) {
            JsonNode span = timestamps.get(i);
            if (!span.isArray() || span.size() != 2 || !span.get(0).isNumber() || !span.get(1).isNumber()) {
                throw new IOException(where + ": timestamp " + i + " must be [start, end] in seconds, got " + span);
            }
            double start = span.get(0).asDouble();
            double end = span.get(1).asDouble();
            if (end < start) {
                throw new IOException(where + ": timestamp " + i + " ends before it starts: " + span);
            }
            samples.add(new GroundingSample(id, new Moment(start, end), sentences.get(i).asText().strip(),
                    duration.asDouble()));
        }
        return samples;
    }
}
