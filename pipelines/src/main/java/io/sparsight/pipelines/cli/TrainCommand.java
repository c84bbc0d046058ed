package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight train ...}: trains a model on the user's own footage. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model and write it as a model folder (model.json and parameters).",
        subcommands = {TrainAnomalyCommand.class, TrainGroundingCommand.class, TrainDiffusionCommand.class})
final class TrainCommand extends CommandGroup {
}
