package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight synth ...}: generates datasets with ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate rendered datasets with exact ground truth, for training and measuring models.",
        subcommands = {SynthGroundingCommand.class, SynthTracksCommand.class})
final class SynthCommand extends CommandGroup {
}
