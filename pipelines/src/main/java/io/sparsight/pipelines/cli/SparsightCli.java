package io.sparsight.pipelines.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sparsight} command line: {@code ./sparsight <command>}. */
@Command(
        name = "sparsight",
        mixinStandardHelpOptions = true,
        versionProvider = SparsightCli.Version.class,
        description = "Streaming video analytics on Flink, FFmpeg and DJL, with events in Kafka.",
        subcommands = {DemoCommand.class, RunCommand.class, SubmitCommand.class, JobsCommand.class, ValidateCommand.class, QueryCliCommand.class, CamerasCommand.class, DiffusionCommand.class, EventsCommand.class, TrainCommand.class, CalibrateCommand.class, EvalCommand.class, SynthCommand.class, BenchCommand.class,
                EngineCommand.class, FfmpegCommand.class, KafkaCommand.class, SoakCommand.class, DetectCommand.class,
                UiCommand.class,
                CommandLine.HelpCommand.class})
public final class SparsightCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new SparsightCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparsightCli.class.getPackage().getImplementationVersion();
            return new String[] {"sparsight " + (v == null ? "dev" : v)};
        }
    }
}
