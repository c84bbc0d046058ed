package io.sparsight.pipelines.cli;

import io.sparsight.pipelines.local.BundledFfmpeg;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

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
        return BundledFfmpeg.process(args).inheritIO().start().waitFor();
    }
}
