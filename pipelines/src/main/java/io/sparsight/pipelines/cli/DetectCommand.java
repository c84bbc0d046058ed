package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.pipelines.data.ColourFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sparsight detect}: the bundled COCO detector over a video, so a user can see what it finds. */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run the bundled COCO detector (NanoDet-g, 80 classes) over a video file or stream and print",
                "what it finds in each analysed frame, in the video's pixels; with --out, JPEGs with the boxes drawn."})
final class DetectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--input", required = true, description = "video file or URL")
    String input;

    @Option(names = "--fps", defaultValue = "5", description = "frames analysed per second of video; 0: every frame"
            + " (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--min-score", defaultValue = "0.4", description = "the least score reported (default: ${DEFAULT-VALUE})")
    float minScore;

    @Option(names = "--out", description = "folder for JPEGs of the analysed frames with their boxes")
    Path out;

    @Option(names = "--json", description = "one JSON object per analysed frame: {\"frame\", \"time_ms\", \"detections\"}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean file = !input.contains("://");
        if (file && !Files.isRegularFile(CliPaths.resolve(Path.of(input)))) {
            System.err.println("no video file at " + CliPaths.resolve(Path.of(input)));
            return 2;
        }
        if (fps < 0 || minScore < 0 || minScore > 1) {
            System.err.println("--fps must be 0 or more and --min-score between 0 and 1");
            return 2;
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        String source = file ? CliPaths.resolve(Path.of(input)).toString() : input;
        try (DetectionModel model = DetectionModel.bundled()) {
            ColourFrames.stream(source, fps, picture -> {
                List<Detection> found = model.detect(picture.bgr(), picture.width(), picture.height(), 3, minScore);
                print(picture, found);
                if (out != null) {
                    drawn(picture, found, out.resolve(String.format(Locale.ROOT, "frame-%06d.jpg", picture.index())));
                }
                return true;
            });
        }
        return 0;
    }

    private void print(ColourFrames.Picture picture, List<Detection> found) throws IOException {
        if (json) {
            ObjectNode line = JSON.createObjectNode();
            line.put("frame", picture.index());
            line.put("time_ms", picture.timeMs());
            ArrayNode detections = line.putArray("detections");
            for (Detection d : found) {
                ObjectNode o = detections.addObject();
                o.put("class", d.className());
                o.put("score", Math.round(d.score() * 1000) / 1000.0);
                ArrayNode box = o.putArray("box");
                box.add(Math.round(d.x1())).add(Math.round(d.y1())).add(Math.round(d.x2())).add(Math.round(d.y2()));
            }
            System.out.println(JSON.writeValueAsString(line));
            return;
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "frame %d (%.1f s):", picture.index(),
                picture.timeMs() / 1000.0));
        if (found.isEmpty()) {
            text.append(" nothing");
        }
        for (Detection d : found) {
            text.append(String.format(Locale.ROOT, " %s %.2f [%d,%d,%d,%d];", d.className(), d.score(),
                    Math.round(d.x1()), Math.round(d.y1()), Math.round(d.x2()), Math.round(d.y2())));
        }
        System.out.println(text);
    }

    /** The frame as a JPEG with each box and its class and score. */
    static void drawn(ColourFrames.Picture picture, List<Detection> found, Path file) throws IOException {
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(picture.bgr(), 0, target, 0, target.length);
        Graphics2D g = image.createGraphics();
        g.setStroke(new BasicStroke(2));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (Detection d : found) {
            g.setColor(Color.getHSBColor((d.classId() * 0.137f) % 1f, 0.9f, 1f));
            int x = Math.round(d.x1());
            int y = Math.round(d.y1());
            g.drawRect(x, y, Math.round(d.x2() - d.x1()), Math.round(d.y2() - d.y1()));
            g.drawString(String.format(Locale.ROOT, "%s %.2f", d.className(), d.score()), x + 2, Math.max(11, y - 2));
        }
        g.dispose();
        ImageIO.write(image, "jpg", file.toFile());
    }
}
