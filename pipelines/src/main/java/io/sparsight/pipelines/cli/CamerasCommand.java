package io.sparsight.pipelines.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.pipelines.config.CameraControlMessages;
import io.sparsight.pipelines.config.JobSettings;
import io.sparsight.pipelines.local.CameraTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code sparsight cameras add|remove|list}: change the cameras of a running job through its camera control topic. */
@Command(name = "cameras", mixinStandardHelpOptions = true,
        description = {"Add, change and remove the cameras of a running job, and list the ones in force. Changes go to",
                "the job's camera control topic (kafka.topics.cameras, default sparsight.<job name>.cameras); a job",
                "with a live camera applies them while it runs, without a restart, and keeps them in its checkpoints.",
                "A new job of the same configuration starts from its configured cameras and replays every change."},
        subcommands = {CamerasCommand.Add.class, CamerasCommand.Remove.class, CamerasCommand.ListCameras.class})
final class CamerasCommand extends CommandGroup {

    /** The job whose cameras change: its configuration names the broker, the topic and the configured cameras. */
    static final class Job {
        @Option(names = "--config", required = true, paramLabel = "FILE", description = "the job's configuration")
        Path config;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (default: the configuration's)")
        String bootstrap;

        /** The job's topic and broker, or null after saying on stderr what is missing. */
        Target resolve() {
            JobSettings settings = ConfigFiles.loadOrExplain(config);
            if (settings == null) {
                return null;
            }
            String servers = bootstrap;
            if (servers == null) {
                if (settings.kafka().embedded()) {
                    System.err.println(config + " uses the embedded broker, which lives only while 'sparsight run'"
                            + " runs and whose job has no camera control topic: give the job a broker"
                            + " (kafka.bootstrapServers), or give --bootstrap.");
                    return null;
                }
                servers = settings.kafka().bootstrapServers();
            }
            return new Target(settings, settings.kafka().client(servers), servers, settings.cameraTopic());
        }
    }

    record Target(JobSettings settings, Properties client, String servers, String topic) {}

    private static boolean sent(Target target, String message) {
        try {
            CameraTopic.send(target.client(), target.topic(), List.of(message));
            return true;
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            System.err.println(brokerDown(target, e));
            return false;
        }
    }

    private static String brokerDown(Target target, RuntimeException e) {
        return "Kafka at " + target.servers() + " did not answer for topic " + target.topic() + " ("
                + SubmitCommand.rootMessage(e) + "). Is the broker running?";
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a camera to a running job, or change the one with the same id (it restarts with the",
                    "new settings). The keys are those of a camera in the configuration; its stages are the ones the",
                    "configuration gives its id (a new id gets motion events)."})
    static final class Add implements Callable<Integer> {
        @Mixin
        Job job;

        @Option(names = "--id", required = true, description = "camera id")
        String id;

        @Option(names = "--url", required = true,
                description = "stream URL (passwords as ${env:NAME} or ${file:PATH}), file, folder or lavfi:<graph>")
        String url;

        @Option(names = "--sampling", description = "full | keyframes | fps=N | motion=T[,heartbeat=10s][,fps=N]")
        String sampling;

        @Option(names = "--size", paramLabel = "WxH", description = "analysis size, e.g. 224x224")
        String size;

        @Option(names = "--channels", description = "1 grey, 3 BGR")
        Integer channels;

        @Option(names = "--playback-speed", description = "files: 1.0 paces them like a live camera")
        Double playbackSpeed;

        @Option(names = "--ffmpeg-option", paramLabel = "KEY=VALUE", description = "an FFmpeg option, e.g. rtsp_transport=tcp")
        Map<String, String> ffmpegOptions = new LinkedHashMap<>();

        @Override
        public Integer call() {
            Target target = job.resolve();
            if (target == null) {
                return 2;
            }
            String message = CameraControlMessages.add(entry());
            CameraSpec camera;
            try {
                camera = CameraControlMessages.check(message);
            } catch (IllegalArgumentException e) {
                System.err.println("Not a valid camera: " + e.getMessage());
                return 2;
            }
            if (!sent(target, message)) {
                return 1;
            }
            System.out.println("sent: add " + camera + " (topic " + target.topic() + ")");
            return 0;
        }

        private ObjectNode entry() {
            ObjectNode camera = CameraControlMessages.cameraEntry();
            camera.put("id", id);
            Path path = Path.of(url.startsWith("file:") ? url.substring(5) : url);
            boolean localFile = !url.contains("://") && !url.startsWith("lavfi:") && Files.exists(path);
            camera.put("url", localFile ? path.toAbsolutePath().normalize().toString() : url);
            if (sampling != null) {
                camera.put("sampling", sampling);
            }
            if (size != null) {
                camera.put("size", size);
            }
            if (channels != null) {
                camera.put("channels", channels);
            }
            if (playbackSpeed != null) {
                camera.put("playbackSpeed", playbackSpeed);
            }
            if (!ffmpegOptions.isEmpty()) {
                ObjectNode options = camera.putObject("ffmpegOptions");
                ffmpegOptions.forEach(options::put);
            }
            return camera;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a camera from a running job: it stops and reports a 'removed' status.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        Job job;

        @Parameters(paramLabel = "ID", description = "the camera's id (see 'sparsight cameras list')")
        String id;

        @Override
        public Integer call() {
            Target target = job.resolve();
            if (target == null) {
                return 2;
            }
            if (!sent(target, CameraControlMessages.remove(id))) {
                return 1;
            }
            System.out.println("sent: remove " + id + " (topic " + target.topic() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the cameras in force: the configured ones with every change on the topic applied.")
    static final class ListCameras implements Callable<Integer> {
        @Mixin
        Job job;

        @Override
        public Integer call() {
            Target target = job.resolve();
            if (target == null) {
                return 2;
            }
            Map<String, CameraSpec> cameras;
            try {
                cameras = CameraTopic.inForce(target.client(), target.topic(), target.settings().cameras(),
                        Duration.ofSeconds(20));
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                System.err.println(brokerDown(target, e));
                return 1;
            }
            Map<String, CameraSpec> configured = new LinkedHashMap<>();
            target.settings().cameras().forEach(c -> configured.put(c.id(), c));
            for (CameraSpec c : cameras.values()) {
                String origin = !configured.containsKey(c.id()) ? "added"
                        : configured.get(c.id()).equals(c) ? "configured" : "changed";
                System.out.printf(Locale.ROOT, "%-16s %-10s %-10s %-9s %s%n", c.id(), origin, c.sampling(),
                        c.width() + "x" + c.height(), c.displayUrl());
            }
            for (String id : configured.keySet()) {
                if (!cameras.containsKey(id)) {
                    System.out.printf(Locale.ROOT, "%-16s %-10s%n", id, "removed");
                }
            }
            return 0;
        }
    }
}
