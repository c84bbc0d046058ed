package io.sparsight.models.data;

import io.sparsight.models.grounding.Moment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Charades-STA annotations: one query per line, {@code VIDEOID start end##sentence} (seconds), e.g.
 * {@code 3MSZA 24.3 30.4##person turn a light on.}. The videos are {@code <videos>/<VIDEOID>.mp4}.
 */
public final class CharadesSta {

    private CharadesSta() {}

    public static List<GroundingSample> read(Path annotations) throws IOException {
        List<String> lines = Files.readAllLines(annotations, StandardCharsets.UTF_8);
        List<GroundingSample> samples = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            samples.add(parse(line, annotations, n + 1));
        }
        return samples;
    }

    private static GroundingSample parse(String line, Path file, int lineNumber) throws IOException {
        int separator = line.indexOf("##");
        String where = file + " line " + lineNumber;
        if (separator < 0) {
            throw new IOException(where + ": expected 'VIDEOID start end##sentence', found no '##' in '" + line + "'");
        }
        String[] fields = line.substring(0, separator).strip().split("\\s+");
        String sentence = line.substring(separator + 2).strip();
        if (fields.length != 3 || sentence.isEmpty()) {
            throw new IOException(where + ": expected 'VIDEOID start end##sentence', got '" + line + "'");
        }
        try {
            double start = Double.parseDouble(fields[1]);
            double end = Double.parseDouble(fields[2]);
            return new GroundingSample(fields[0], new Moment(start, end), sentence, Double.NaN);
        } catch (NumberFormatException e) {
            throw new IOException(where + ": start and end must be seconds, got '" + fields[1] + "' and '"
                    + fields[2] + "'");
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
    }
}
