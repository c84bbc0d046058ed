package io.sparsight.operators.frames;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;

/**
 * Loads the JavaCPP natives (JavaCPP itself, OpenCV, FFmpeg) once per JVM, in one fixed order, one thread at a
 * time. Every class of Sparsight that uses them calls this before touching any of their classes.
 *
 * <p>Why: JavaCPP loads a library from the static initialiser of the class that binds it, and the loading calls
 * back into {@code Loader} and {@code Pointer}; two threads that start on different libraries at once (a
 * TaskManager's decoder thread on FFmpeg and its motion task on OpenCV, say) can each hold a class's initialisation
 * lock the other needs, and both wait for ever (JavaCPP issue 737). It happened here: the motion tasks of a job
 * stayed INITIALIZING for minutes while the sources ran (LocalClusterFailoverITCase, 2026-12-01).
 */
public final class NativeLibraries {

    private static volatile boolean opencvLoaded;
    private static volatile boolean ffmpegLoaded;

    private NativeLibraries() {}

    /** JavaCPP and OpenCV (core, imgproc), with OpenCV on one thread per call (see MotionScorer). */
    public static void opencv() {
        if (opencvLoaded) {
            return;
        }
        synchronized (NativeLibraries.class) {
            if (!opencvLoaded) {
                javacpp();
                Loader.load(opencv_core.class);
                Loader.load(opencv_imgproc.class);
                opencv_core.setNumThreads(1);
                opencvLoaded = true;
            }
        }
    }

    /** JavaCPP, OpenCV and FFmpeg (every library JavaCV's grabber uses). */
    public static void ffmpeg() {
        if (ffmpegLoaded) {
            return;
        }
        synchronized (NativeLibraries.class) {
            if (!ffmpegLoaded) {
                opencv();
                try {
                    FFmpegFrameGrabber.tryLoad();
                } catch (FrameGrabber.Exception e) {
                    throw new IllegalStateException("FFmpeg's native libraries cannot be loaded: " + e.getMessage(), e);
                }
                ffmpegLoaded = true;
            }
        }
    }

    /** JavaCPP's own library, which the initialisation of its Pointer class loads. */
    private static void javacpp() {
        Pointer.maxBytes();
    }
}
