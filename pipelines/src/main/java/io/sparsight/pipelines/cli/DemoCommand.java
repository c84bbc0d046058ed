package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventRecord;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.VideoSource;
import io.sparsight.pipelines.jobs.MotionJob;
import io.sparsight.pipelines.local.CommittedEventReader;
import io.sparsight.pipelines.local.EmbeddedKafka;
import io.sparsight.pipelines.local.LocalFlink;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The bundled sample through the whole chain on this machine alone: an in-process Kafka broker, a Flink
 * MiniCluster, FFmpeg decoding, the motion stage, exactly-once events in Kafka, read back and printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the sample clip through embedded Kafka and Flink, then print the events read back from Kafka.")
final class DemoCommand implements Callable<Integer> {

    static final String SAMPLE = "samples/ped2-test04.mp4";

    @Option(names = "--input", description = "video file to analyse (default: the bundled sample, ${DEFAULT-VALUE})",
            defaultValue = SAMPLE)
    Path input;

    @Option(names = "--camera", description = "camera id for the events (default: the file name without extension)")
    String camera;

    @Option(names = "--fps", description = "analysis frames per second (default: ${DEFAULT-VALUE})", defaultValue = "5")
    double fps;

    @Option(names = "--size", description = "analysis size WIDTHxHEIGHT (default: ${DEFAULT-VALUE})", defaultValue = "180x120")
    String size;

    @Option(names = "--checkpoint-interval", description = "Flink checkpoint interval (default: ${DEFAULT-VALUE})",
            defaultValue = "PT1S")
    Duration checkpointInterval;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path video = resolve(input);
        if (!Files.isRegularFile(video)) {
            System.err.println("No video at " + video + ". Pass --input FILE, or run from the Sparsight folder "
                    + "that holds " + SAMPLE + ".");
            return 2;
        }
        int[] wh = parseSize(size);
        String cameraId = camera != null ? camera : stripExtension(video.getFileName().toString());
        CameraSpec spec = CameraSpec.grey(cameraId, video.toString(), fps, wh[0], wh[1]);
        EventTopics topics = EventTopics.defaults();

        long started = System.nanoTime();
        out.println("Sparsight demo: " + video.getFileName() + " as camera '" + cameraId + "', " + fps + " fps at "
                + wh[0] + "x" + wh[1]);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            out.println("  Kafka broker (in-process) at " + kafka.bootstrapServers());
            kafka.createTopics(topics.allTopics());

            StreamExecutionEnvironment env = LocalFlink.environment(1, checkpointInterval, 3);
            MotionJob.build(env, VideoSource.bounded(List.of(spec)), MotionConfig.defaults(),
                    KafkaEventSink.builder()
                            .bootstrapServers(kafka.bootstrapServers())
                            .transactionalIdPrefix("sparsight-demo")
                            .topics(topics)
                            .build());
            out.println("  Flink MiniCluster: decoding, motion stage, exactly-once Kafka sink ...");
            long jobStarted = System.nanoTime();
            env.execute("sparsight-demo");
            double jobSeconds = (System.nanoTime() - jobStarted) / 1e9;

            List<EventRecord> events = CommittedEventReader.readAll(
                    kafka.bootstrapServers(), topics.allTopics(), Duration.ofSeconds(30));
            out.println();
            out.println("Events read back from Kafka (" + String.join(", ", topics.allTopics())
                    + ", isolation.level=read_committed):");
            out.println();
            EventTable.print(events, out);
            Set<String> ids = new HashSet<>();
            events.forEach(e -> ids.add(e.id));
            out.println();
            out.printf("%d event(s), %d distinct id(s)%s; job %.1f s, demo %.1f s%n",
                    events.size(), ids.size(), ids.size() == events.size() ? ", each exactly once" : " (DUPLICATES)",
                    jobSeconds, (System.nanoTime() - started) / 1e9);
            return ids.size() == events.size() ? 0 : 1;
        }
    }

    /** Relative paths are taken from the current folder, then from the Sparsight home the launcher passes. */
    static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        String home = System.getProperty("sparsight.home");
        return home == null ? path : Path.of(home).resolve(path);
    }

    static int[] parseSize(String size) {
        String[] parts = size.toLowerCase().split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--size must be WIDTHxHEIGHT, e.g. 180x120; got '" + size + "'");
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
