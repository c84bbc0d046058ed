package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight bench ...}: benchmark commands (JSON with {@code --json}, last line of stdout). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks. Numbers depend on the machine: compare ratios measured in one run.",
        subcommands = {BenchIngestCommand.class, BenchGroundingCommand.class, BenchAttentionCommand.class, BenchDiffusionCommand.class,
                BenchDetectCommand.class})
final class BenchCommand extends CommandGroup {
}
