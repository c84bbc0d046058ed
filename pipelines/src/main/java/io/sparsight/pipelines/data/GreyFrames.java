package io.sparsight.pipelines.data;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.models.anomaly.GreyPixels;
import io.sparsight.operators.source.FfmpegLog;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads videos for training and evaluation as grey {@link FrameSequence}s at an analysis size: numbered-image folders
 * (the UCSD layout, {@code 000.jpg ...}, read with OpenCV and shrunk with area averaging) and video files (decoded
 * and scaled by FFmpeg, as a camera is).
 */
public final class GreyFrames {

    private static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp");

    static {
        FfmpegLog.install(); // FFmpeg's own log through SLF4J, not straight to stderr
    }

    private GreyFrames() {}

    /**
     * The videos under {@code dir}: the folder itself when it holds images, else each of its sub-folders that holds
     * images (sorted by name), as {@code training/frames/01, 02, ...} in Ped2.
     */
    public static List<FrameSequence> readFolders(Path dir, int width, int height) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder at " + dir);
        }
        if (!images(dir).isEmpty()) {
            return List.of(readFolder(dir, width, height));
        }
        List<FrameSequence> videos = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).sorted().toList()) {
                if (!images(child).isEmpty()) {
                    videos.add(readFolder(child, width, height));
                }
            }
        }
        if (videos.isEmpty()) {
            throw new IOException(dir + " holds no images (" + String.join(" ", IMAGE_EXTENSIONS)
                    + "), directly or in sub-folders");
        }
        return videos;
    }

    /** One numbered-image folder as one video, frames in file-name order. */
    public static FrameSequence readFolder(Path dir, int width, int height) throws IOException {
        List<float[]> frames = new ArrayList<>();
        for (Path image : images(dir)) {
            try (Mat grey = opencv_imgcodecs.imread(image.toString(), opencv_imgcodecs.IMREAD_GRAYSCALE)) {
                if (grey.empty()) {
                    throw new IOException("cannot read image " + image + " (corrupt, or not an image)");
                }
                try (Mat small = new Mat()) {
                    opencv_imgproc.resize(grey, small, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
                    byte[] pixels = new byte[width * height];
                    small.data().get(pixels);
                    frames.add(GreyPixels.toUnitRange(pixels));
                }
            }
        }
        return new FrameSequence(dir.getFileName().toString(), width, height, frames);
    }

    /** Every frame of a video file, scaled to the analysis size by FFmpeg. */
    public static FrameSequence readVideo(Path file, int width, int height) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no video file at " + file);
        }
        List<float[]> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            grabber.start();
            for (Frame frame = grabber.grabImage(); frame != null; frame = grabber.grabImage()) {
                ByteBuffer buffer = (ByteBuffer) frame.image[0];
                byte[] pixels = new byte[width * height];
                for (int y = 0; y < height; y++) {
                    buffer.get(y * frame.imageStride, pixels, y * width, width); // rows may be padded
                }
                frames.add(GreyPixels.toUnitRange(pixels));
            }
            grabber.stop();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return new FrameSequence(dot > 0 ? name.substring(0, dot) : name, width, height, frames);
    }

    private static List<Path> images(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> IMAGE_EXTENSIONS.stream().anyMatch(
                            ext -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)))
                    .sorted()
                    .toList();
        }
    }
}
