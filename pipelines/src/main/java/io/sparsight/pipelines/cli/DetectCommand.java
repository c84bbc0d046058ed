package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.models.detection.Detection;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.detection.PoseMatching;
import io.sparsight.models.detection.PoseModel;
import io.sparsight.models.runtime.Devices;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sparsight detect}: the bundled COCO detector (and with {@code --poses} the bundled pose model) over a video,
 * so a user can see what they find.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = {"Run the bundled COCO detector (NanoDet-g, 80 classes) over a video file or stream and print",
                "what it finds in each analysed frame, in the video's pixels; with --out, JPEGs with the boxes drawn.",
                "With --poses also the bundled MoveNet MultiPose: up to 6 people a frame, 17 keypoints each."})
final class DetectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--input", required = true, description = "video file, URL, or numbered images as FFmpeg reads"
            + " them (frames/%03d.jpg)")
    String input;

    @Option(names = "--fps", defaultValue = "5", description = "frames analysed per second of video; 0: every frame"
            + " (default: ${DEFAULT-VALUE})")
    double fps;

    @Option(names = "--min-score", defaultValue = "0.4", description = "the least score reported (default: ${DEFAULT-VALUE})")
    float minScore;

    @Option(names = "--out", description = "folder for JPEGs of the analysed frames with their boxes")
    Path out;

    @Option(names = "--json", description = "one JSON object per analysed frame: {\"frame\", \"time_ms\", \"detections\"}"
            + " and with --poses \"poses\"")
    boolean json;

    @Option(names = "--poses", description = "also find people's poses (keypoints in the video's pixels with their"
            + " scores; drawn as skeletons with --out)")
    boolean poses;

    /** COCO keypoint pairs joined in a drawn skeleton: face, arms, torso, legs. */
    private static final int[][] BONES = {{0, 1}, {0, 2}, {1, 3}, {2, 4}, {5, 7}, {7, 9}, {6, 8}, {8, 10}, {5, 6},
        {5, 11}, {6, 12}, {11, 12}, {11, 13}, {13, 15}, {12, 14}, {14, 16}};
    /** Keypoints drawn and printed from this score. */
    private static final float KEYPOINT_SCORE = 0.3f;

    @Override
    public Integer call() throws Exception {
        boolean url = input.contains("://");
        boolean file = !url && !input.contains("%");
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
        String source = url ? input : CliPaths.resolve(Path.of(input)).toString();
        try (DetectionModel model = DetectionModel.bundled();
                PoseModel poseModel = poses ? PoseModel.bundled(Devices.chosen()) : null) {
            ColourFrames.stream(source, fps, picture -> {
                List<Detection> found = model.detect(picture.bgr(), picture.width(), picture.height(), 3, minScore);
                List<PoseModel.Pose> people = poseModel == null ? List.of() : poseModel.poses(picture.bgr(),
                        picture.width(), picture.height(), 3, PoseMatching.MIN_POSE_SCORE);
                print(picture, found, people);
                if (out != null) {
                    drawn(picture, found, people,
                            out.resolve(String.format(Locale.ROOT, "frame-%06d.jpg", picture.index())));
                }
                return true;
            });
        }
        return 0;
    }

    private void print(ColourFrames.Picture picture, List<Detection> found, List<PoseModel.Pose> people)
            throws IOException {
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
            if (poses) {
                ArrayNode list = line.putArray("poses");
                for (PoseModel.Pose pose : people) {
                    ObjectNode o = list.addObject();
                    o.put("score", Math.round(pose.score() * 1000) / 1000.0);
                    o.putArray("box").add(Math.round(pose.x1() * picture.width()))
                            .add(Math.round(pose.y1() * picture.height())).add(Math.round(pose.x2() * picture.width()))
                            .add(Math.round(pose.y2() * picture.height()));
                    ArrayNode keypoints = o.putArray("keypoints"); // x, y, score per COCO keypoint
                    float[] k = pose.keypoints();
                    for (int i = 0; i < PoseModel.KEYPOINTS; i++) {
                        keypoints.add(Math.round(k[3 * i] * picture.width())).add(Math.round(k[3 * i + 1]
                                * picture.height())).add(Math.round(k[3 * i + 2] * 1000) / 1000.0);
                    }
                }
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
        if (poses) {
            text.append(String.format(Locale.ROOT, " %d pose(s)", people.size()));
            for (PoseModel.Pose pose : people) {
                text.append(String.format(Locale.ROOT, " %.2f with %d keypoints from %.1f;", pose.score(),
                        confidentKeypoints(pose).size() / 2, KEYPOINT_SCORE));
            }
        }
        System.out.println(text);
    }

    /** x, y pairs (fractions of the frame) of the pose's keypoints scoring at least {@link #KEYPOINT_SCORE}. */
    private static List<Float> confidentKeypoints(PoseModel.Pose pose) {
        List<Float> kept = new ArrayList<>();
        float[] k = pose.keypoints();
        for (int i = 0; i < PoseModel.KEYPOINTS; i++) {
            if (k[3 * i + 2] >= KEYPOINT_SCORE) {
                kept.add(k[3 * i]);
                kept.add(k[3 * i + 1]);
            }
        }
        return kept;
    }

    /** The frame as a JPEG with each box and its class and score, and each pose's confident keypoints and bones. */
    static void drawn(ColourFrames.Picture picture, List<Detection> found, List<PoseModel.Pose> people, Path file)
            throws IOException {
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
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GREEN);
        for (PoseModel.Pose pose : people) {
            float[] k = pose.keypoints();
            for (int[] bone : BONES) {
                if (k[3 * bone[0] + 2] >= KEYPOINT_SCORE && k[3 * bone[1] + 2] >= KEYPOINT_SCORE) {
                    g.drawLine(Math.round(k[3 * bone[0]] * picture.width()),
                            Math.round(k[3 * bone[0] + 1] * picture.height()),
                            Math.round(k[3 * bone[1]] * picture.width()),
                            Math.round(k[3 * bone[1] + 1] * picture.height()));
                }
            }
            List<Float> points = confidentKeypoints(pose);
            for (int i = 0; i < points.size(); i += 2) {
                g.fillOval(Math.round(points.get(i) * picture.width()) - 1,
                        Math.round(points.get(i + 1) * picture.height()) - 1, 3, 3);
            }
        }
        g.dispose();
        ImageIO.write(image, "jpg", file.toFile());
    }
}
