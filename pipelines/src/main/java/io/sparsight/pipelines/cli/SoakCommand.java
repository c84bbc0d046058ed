package io.sparsight.pipelines.cli;

import io.sparsight.pipelines.soak.SoakResult;
import io.sparsight.pipelines.soak.SoakRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./sparsight soak}: the job under faults for a while, its memory, latency and what the consumer saw. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run live loopback cameras (the sample clip looped over TCP, UDP and HLS) through every stage"
                + " for a while, one camera taken away every 2 minutes and the TaskManager killed once; report memory"
                + " by minute, event latency, duplicates and missing recoveries, and draw memory over time (PNG).")
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--cameras", defaultValue = "4", description = "live cameras (default: ${DEFAULT-VALUE})")
    int cameras;

    @Option(names = "--minutes", defaultValue = "6", description = "how long (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--clip", defaultValue = DemoCommand.SAMPLE,
            description = "the clip the cameras loop (default: ${DEFAULT-VALUE})")
    Path clip;

    @Option(names = "--out", defaultValue = "soak-out", description = "where the chart and HLS segments go"
            + " (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", description = "print the figures as one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path source = CliPaths.resolve(clip);
        if (!Files.isRegularFile(source)) {
            System.err.println("no clip at " + source + ": give one with --clip");
            return 2;
        }
        SoakResult result = SoakRun.run(new SoakRun.Options(cameras, minutes, source.toAbsolutePath(),
                out.toAbsolutePath(), System.out));
        System.out.printf("soak: %d min, %d cameras: RSS %.0f MB at start, %.0f MB at the end (%.3f of minute %d),"
                        + " max %.0f MB; %d events, latency from the closing frame's arrival p50 %d ms, p99 %d ms (p50"
                        + " by type %s; from the event's time p50 %d ms); %d duplicates, %d missing; chart %s%n",
                result.minutes(), result.cameras(), result.rssStartMb(), result.rssEndMb(),
                result.rssEndOverReference(), result.referenceMinute(), result.rssMaxMb(), result.events(),
                result.p50Ms(), result.p99Ms(), result.p50MsByType(), result.eventTimeP50Ms(), result.duplicates(),
                result.missing(), result.memoryChart());
        if (json) {
            System.out.println(result.toJson());
        }
        return result.passes() ? 0 : 1;
    }
}
