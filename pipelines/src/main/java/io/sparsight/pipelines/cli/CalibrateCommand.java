package io.sparsight.pipelines.cli;

import picocli.CommandLine.Command;

/** {@code sparsight calibrate ...}: measures a trained model on normal data for live scoring. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measure a trained model on its normal footage and record the figures live scoring uses.",
        subcommands = {CalibrateAnomalyCommand.class, CalibrateDiffusionCommand.class})
final class CalibrateCommand extends CommandGroup {
}
