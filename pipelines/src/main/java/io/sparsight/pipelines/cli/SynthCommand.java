package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight synth ...}: generates datasets with ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate rendered datasets with exact ground truth, for training and measuring models.",
        subcommands = {SynthGroundingCommand.class})
final class SynthCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
