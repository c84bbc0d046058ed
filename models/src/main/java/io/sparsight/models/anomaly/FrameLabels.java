package io.sparsight.models.anomaly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Frame-level ground truth of a video anomaly dataset, from a {@code labels.csv} as UCSD Ped2 ships it:
 * {@code video,frames,first_abnormal,last_abnormal}, 1-based inclusive ranges, one row per abnormal range (a video
 * may have several rows, or one row with empty first/last when it has no anomaly); lines starting with # are comments.
 */
public final class FrameLabels {

    private FrameLabels() {}

    /** Per video (in name order), one flag per frame: true where the frame is abnormal. */
    public static Map<String, boolean[]> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        Map<String, boolean[]> labels = new TreeMap<>();
        boolean header = true;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                if (!line.replace(" ", "").equals("video,frames,first_abnormal,last_abnormal")) {
                    throw new IOException(csv + " line " + (n + 1) + ": expected the header "
                            + "video,frames,first_abnormal,last_abnormal, got '" + line + "'");
                }
                header = false;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IOException(csv + " line " + (n + 1) + ": expected 4 fields, got " + f.length);
            }
            try {
                String video = f[0].strip();
                int frames = Integer.parseInt(f[1].strip());
                boolean[] flags = labels.computeIfAbsent(video, v -> new boolean[frames]);
                if (flags.length != frames) {
                    throw new IOException(csv + " line " + (n + 1) + ": video " + video + " has " + flags.length
                            + " frames in an earlier row, " + frames + " here");
                }
                if (!f[2].isBlank()) {
                    int first = Integer.parseInt(f[2].strip());
                    int last = Integer.parseInt(f[3].strip());
                    if (first < 1 || last > frames || first > last) {
                        throw new IOException(csv + " line " + (n + 1) + ": range " + first + ".." + last
                                + " is outside frames 1.." + frames);
                    }
                    for (int i = first; i <= last; i++) {
                        flags[i - 1] = true;
                    }
                }
            } catch (NumberFormatException e) {
                throw new IOException(csv + " line " + (n + 1) + ": not a number: " + e.getMessage());
            }
        }
        return labels;
    }
}
