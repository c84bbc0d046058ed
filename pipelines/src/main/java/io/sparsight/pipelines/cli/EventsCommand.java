package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight events ...}: reads the events a job wrote to Kafka. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Read the events jobs write to Kafka (committed ones only, as consumers should).",
        subcommands = {EventsTailCommand.class})
final class EventsCommand extends CommandGroup {
}
