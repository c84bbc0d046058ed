package io.sparsight.pipelines.cli;

import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.KafkaEventSink;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.config.ConfigLoader;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.diffusion.DiffusionConfig;
import io.sparsight.pipelines.config.JobSettings;
import java.util.Set;
import io.sparsight.pipelines.jobs.CameraJob;
import org.apache.flink.connector.base.DeliveryGuarantee;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--fps", description = "analysis frames per second; the anomaly model wants the footage's own rate,"
            + " 10 for the sample (default: ${DEFAULT-VALUE})", defaultValue = "10")
    double fps;

    @Option(names = "--size", description = "analysis size WIDTHxHEIGHT (default: ${DEFAULT-VALUE})", defaultValue = "180x120")
    String size;

    @Option(names = "--checkpoint-interval", description = "Flink checkpoint interval (default: ${DEFAULT-VALUE})",
            defaultValue = "PT1S")
    Duration checkpointInterval;

    @Option(names = "--prometheus-port", paramLabel = "PORT",
            description = "serve the job's metrics for Prometheus at http://127.0.0.1:PORT/metrics while it runs")
    Integer prometheusPort;

    @Option(names = "--no-diffusion", description = "leave out the diffusion stage (its predictions cost about half"
            + " the demo's time on 2 cores)")
    boolean noDiffusion;

    @Option(names = "--no-objects", description = "leave out the object stage (the COCO detector and tracker)")
    boolean noObjects;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path video = CliPaths.resolve(input);
        if (!Files.isRegularFile(video)) {
            System.err.println("No video at " + video + ". Pass --input FILE, or run from the Sparsight folder "
                    + "that holds " + SAMPLE + ".");
            return 2;
        }
        int[] wh = ConfigLoader.parseSize(size);
        String cameraId = camera != null ? camera : stripExtension(video.getFileName().toString());
        CameraSpec spec = CameraSpec.grey(cameraId, video.toString(), fps, wh[0], wh[1]);
        out.println("Sparsight demo: " + video.getFileName() + " as camera '" + cameraId + "', " + fps + " fps at "
                + wh[0] + "x" + wh[1] + "; motion stage, anomaly stage with the bundled model "
                + AnomalyConfig.DEFAULT_MODEL + (noDiffusion ? "" : ", diffusion stage with " + DiffusionConfig.DEFAULT_MODEL)
                + (noObjects ? "" : ", object stage with " + ObjectsConfig.DEFAULT_MODEL));
        JobSettings.Diffusion diffusion = noDiffusion ? JobSettings.Diffusion.none()
                : new JobSettings.Diffusion(DiffusionConfig.defaults(), Set.of(cameraId));
        JobSettings settings = new JobSettings("demo", 1, checkpointInterval, CameraJob.SOURCE_IDLENESS, List.of(spec),
                MotionConfig.defaults(), new JobSettings.Kafka(null, DeliveryGuarantee.EXACTLY_ONCE,
                        KafkaEventSink.DEFAULT_TRANSACTION_TIMEOUT, EventTopics.defaults()),
                AnomalyConfig.defaults(), Set.of(cameraId), JobSettings.Grounding.none(), JobSettings.State.defaults(),
                diffusion, JobSettings.Restarts.defaults(), noObjects ? ObjectsConfig.defaults()
                        : ObjectsConfig.defaults().withCameras(Map.of(cameraId, CameraObjects.defaults())));
        return LocalJobRunner.run(settings, out, System.err, false, prometheusPort, false);
    }

    private static String stripExtension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
