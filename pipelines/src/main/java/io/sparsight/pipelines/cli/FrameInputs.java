package io.sparsight.pipelines.cli;

import io.sparsight.models.anomaly.FrameSequence;
import io.sparsight.pipelines.data.GreyFrames;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The normal footage a model trains on ({@code train anomaly}, {@code train diffusion}): image folders or videos. */
final class FrameInputs {
    @Option(names = "--frames", arity = "1..*", paramLabel = "DIR",
            description = "numbered-image folders (000.jpg ...), or folders of such folders")
    List<Path> frames;

    @Option(names = "--video", arity = "1..*", paramLabel = "FILE", description = "video files")
    List<Path> videos;

    /** Every video of the inputs, grey, at the given size. */
    List<FrameSequence> read(int width, int height) throws java.io.IOException {
        List<FrameSequence> read = new ArrayList<>();
        if (frames != null) {
            for (Path dir : frames) {
                read.addAll(GreyFrames.readFolders(CliPaths.resolve(dir), width, height));
            }
        } else {
            for (Path file : videos) {
                read.add(GreyFrames.readVideo(CliPaths.resolve(file), width, height));
            }
        }
        return read;
    }

    /** The inputs as they were given on the command line: {@code --frames A B} or {@code --video A B}. */
    List<String> asArgs() {
        List<String> args = new ArrayList<>();
        args.add(frames != null ? "--frames" : "--video");
        (frames != null ? frames : videos).forEach(p -> args.add(p.toString()));
        return args;
    }
}
