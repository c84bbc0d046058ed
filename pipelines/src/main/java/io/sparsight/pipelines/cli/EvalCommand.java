package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight eval ...}: measures a model on a labelled dataset. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model on a labelled test set (JSON with --json, last line of stdout).",
        subcommands = {EvalAnomalyCommand.class, EvalDiffusionCommand.class, EvalGroundingCommand.class})
final class EvalCommand extends CommandGroup {
}
