package io.sparsight.pipelines.local;

import org.bytedeco.javacpp.Loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The FFmpeg command-line tool bundled with JavaCV, so no system FFmpeg is needed. */
public final class BundledFfmpeg {

    private BundledFfmpeg() {}

    /** A process of the bundled {@code ffmpeg} with these arguments (not started). */
    public static ProcessBuilder process(List<String> args) {
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new ArrayList<>();
        command.add(ffmpeg);
        command.addAll(args);
        ProcessBuilder process = new ProcessBuilder(command);
        // The binary links the FFmpeg libraries JavaCPP unpacked next to it.
        String libraries = Path.of(ffmpeg).getParent().toString();
        String existing = System.getenv("LD_LIBRARY_PATH");
        process.environment().put("LD_LIBRARY_PATH", existing == null ? libraries : libraries + ":" + existing);
        return process;
    }
}
