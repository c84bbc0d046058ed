package io.sparsight.pipelines.cli;

import org.bytedeco.javacpp.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs the FFmpeg binary bundled with JavaCV, so no system FFmpeg is needed (e.g. to make sample clips). */
@Command(name = "ffmpeg", description = "Run the bundled FFmpeg command-line tool with the given arguments.")
final class FfmpegCommand implements Callable<Integer> {

    /** Everything after {@code ffmpeg}, in order, options included. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        List<String> command = new ArrayList<>();
        command.add(ffmpeg);
        command.addAll(args);
        ProcessBuilder process = new ProcessBuilder(command).inheritIO();
        // The binary links the FFmpeg libraries JavaCPP unpacked next to it.
        String libraries = Path.of(ffmpeg).getParent().toString();
        String existing = System.getenv("LD_LIBRARY_PATH");
        process.environment().put("LD_LIBRARY_PATH", existing == null ? libraries : libraries + ":" + existing);
        return process.start().waitFor();
    }
}
