package io.sparsight.pipelines.config;

import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.GroundingStage;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.objects.Zone;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.InputKind;
import io.sparsight.operators.source.LiveSettings;
import io.sparsight.operators.source.Sampling;
import io.sparsight.pipelines.jobs.CameraJob;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private JobSettings parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("test.yaml", yaml, dir);
    }

    @Test
    void whatTheYamlLeavesOutIsTheStagesOwnDefaults() throws Exception {
        JobSettings settings = ConfigLoader.parse("minimal", "cameras: [{ id: a, url: 'lavfi:testsrc' }]", null);
        assertThat(settings.motion()).isEqualTo(MotionConfig.defaults());
        assertThat(settings.anomaly()).usingRecursiveComparison().isEqualTo(AnomalyConfig.defaults());
        assertThat(settings.grounding().config()).isEqualTo(GroundingConfig.defaults());
        assertThat(settings.sourceIdleness()).isEqualTo(CameraJob.SOURCE_IDLENESS);
        assertThat(settings.state()).isEqualTo(JobSettings.State.defaults());
        assertThat(settings.restarts()).isEqualTo(JobSettings.Restarts.defaults());
        assertThat(settings.kafka().topics()).usingRecursiveComparison().isEqualTo(EventTopics.defaults());
        CameraSpec camera = settings.cameras().get(0);
        assertThat(camera).isEqualTo(CameraSpec.builder("a", "lavfi:testsrc").build());
        assertThat(camera.live()).isEqualTo(LiveSettings.defaults());
    }

    @Test
    void aFullConfigurationBecomesJobSettings() throws Exception {
        Files.writeString(dir.resolve("a.mp4"), "x");
        JobSettings s = parse("""
                job:
                  name: gates
                  parallelism: 2
                  checkpointInterval: 500ms
                cameras:
                  - id: gate-1
                    url: a.mp4
                    sampling: keyframes
                    size: 320x240
                    channels: 3
                  - id: door
                    url: rtsp://user:${env:DOOR_PASSWORD}@127.0.0.1:8554/door
                    ffmpegOptions: {rtsp_transport: udp}
                    live: {ioTimeout: 2s, backoffMax: 30s}
                motion:
                  enterThreshold: 0.05
                  exitThreshold: 0.03
                  quiet: 1.5s
                kafka:
                  bootstrapServers: 127.0.0.1:9092
                  deliveryGuarantee: at-least-once
                  topics: {motion: m, cameraStatus: s}
                """);
        assertThat(s.name()).isEqualTo("gates");
        assertThat(s.transactionalIdPrefix()).isEqualTo("sparsight-gates");
        assertThat(s.parallelism()).isEqualTo(2);
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.cameras()).hasSize(2);
        assertThat(s.cameras().get(0).url()).isEqualTo(dir.resolve("a.mp4").toString());
        assertThat(s.cameras().get(0).sampling()).isEqualTo(Sampling.keyframes());
        assertThat(s.cameras().get(0).channels()).isEqualTo(3);
        assertThat(s.cameras().get(1).kind()).isEqualTo(InputKind.NETWORK);
        assertThat(s.cameras().get(1).ffmpegOptions()).containsEntry("rtsp_transport", "udp");
        assertThat(s.cameras().get(1).live().ioTimeoutMs()).isEqualTo(2_000);
        assertThat(s.cameras().get(1).live().backoffMaxMs()).isEqualTo(30_000);
        assertThat(s.allCamerasEnd()).isFalse();
        assertThat(s.motion().quietMs()).isEqualTo(1_500);
        assertThat(s.kafka().embedded()).isFalse();
        assertThat(s.kafka().guarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(s.kafka().topics().topicFor(EventTypes.CAMERA_STATUS)).isEqualTo("s");
    }

    @Test
    void everyFieldHasADefault() throws Exception {
        JobSettings s = parse("cameras: [{id: t, url: 'lavfi:testsrc'}]");
        assertThat(s.kafka().embedded()).isTrue();
        assertThat(s.kafka().guarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(s.cameras().get(0).sampling()).isEqualTo(Sampling.fps(5));
        assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnknownKeyIsRejectedWithItsLineAndTheKnownKeys() {
        assertThatThrownBy(() -> parse("""
                cameras:
                  - id: t
                    url: 'lavfi:testsrc'
                    sampleing: fps=5
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.yaml, line 4")
                .hasMessageContaining("cameras[0].sampleing")
                .hasMessageContaining("unknown key 'sampleing'")
                .hasMessageContaining("sampling");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInLineOrder() {
        assertThatThrownBy(() -> parse("""
                job:
                  checkpointInterval: 1 second
                cameras:
                  - id: t
                    url: 'lavfi:testsrc'
                    sampleing: fps=5
                  - id: t
                    url: nope.mp4
                kafka:
                  deliveryGuarantee: maybe
                  lingr: 5
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .hasSize(6)
                        .satisfiesExactly(
                                p -> assertThat(p).contains("line 2: job.checkpointInterval"),
                                p -> assertThat(p).contains("line 6").contains("unknown key 'sampleing'"),
                                p -> assertThat(p).contains("line 7: cameras[1].id").contains("used twice"),
                                p -> assertThat(p).contains("cameras[1].url").contains("no such file"),
                                p -> assertThat(p).contains("line 10: kafka.deliveryGuarantee"),
                                p -> assertThat(p).contains("line 11").contains("unknown key 'lingr'")));
    }

    @Test
    void restartDelaysMustGrow() {
        assertThatThrownBy(() -> parse("""
                job: { restartDelay: 10s, restartDelayMax: 5s }
                cameras: [{ id: a, url: 'lavfi:testsrc' }]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("job.restartDelay")
                .hasMessageContaining("restartDelayMax at least restartDelay");
    }

    @Test
    void passwordsInTheClearAreRefusedAndReferencesTaken() {
        assertThatThrownBy(() -> parse("""
                cameras:
                  - { id: door, url: 'rtsp://viewer:hunter2@127.0.0.1:8554/door' }
                  - { id: yard, url: 'http://127.0.0.1/video.cgi?user=viewer&pwd=hunter2' }
                kafka:
                  bootstrapServers: 127.0.0.1:9092
                  properties:
                    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="hunter2";'
                    ssl.truststore.password: hunter2
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4)
                        .allSatisfy(p -> assertThat(p).contains("${env:NAME} or ${file:PATH}").doesNotContain("hunter2")));
    }

    @Test
    void aBadValueNamesThePathAndTheLine() {
        assertThatThrownBy(() -> parse("""
                job:
                  checkpointInterval: 1 second
                cameras: [{id: t, url: 'lavfi:testsrc'}]
                """))
                .hasMessageContaining("test.yaml, line 2: job.checkpointInterval")
                .hasMessageContaining("write e.g. 500ms");
        assertThatThrownBy(() -> parse("""
                cameras:
                  - id: t
                    url: 'lavfi:testsrc'
                  - id: u
                    url: 'lavfi:testsrc'
                    sampling: every=2
                """))
                .hasMessageContaining("line 6: cameras[1].sampling")
                .hasMessageContaining("full, keyframes, fps=N or motion=T");
        assertThatThrownBy(() -> parse("""
                cameras: [{id: t, url: 'lavfi:testsrc'}]
                motion:
                  enterThreshold: 0.01
                  exitThreshold: 0.02
                """))
                .hasMessageContaining("motion")
                .hasMessageContaining("exit <= enter");
    }

    @Test
    void missingFilesDuplicateIdsAndNoCamerasAreClearErrors() {
        assertThatThrownBy(() -> parse("cameras: [{id: t, url: nope.mp4}]"))
                .hasMessageContaining("cameras[0].url").hasMessageContaining("no such file");
        assertThatThrownBy(() -> parse("cameras: [{id: t, url: 'lavfi:a'}, {id: t, url: 'lavfi:b'}]"))
                .hasMessageContaining("cameras[1].id").hasMessageContaining("used twice");
        assertThatThrownBy(() -> parse("job: {name: x}"))
                .hasMessageContaining("no cameras");
        assertThatThrownBy(() -> parse("cameras: [{url: 'lavfi:a'}]"))
                .hasMessageContaining("cameras[0].id").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("cameras: [{id: t, url: 'lavfi:a'"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void anomalyCamerasGetTheDefaultModelOrTheirOwn() throws Exception {
        Path model = Files.createDirectories(dir.resolve("gate-model"));
        Files.writeString(model.resolve("model.json"), "{}");
        JobSettings s = parse("""
                cameras:
                  - {id: walkway, url: 'lavfi:testsrc', anomaly: true}
                  - {id: gate, url: 'lavfi:testsrc', anomaly: true, anomalyModel: gate-model}
                  - {id: street, url: 'lavfi:testsrc'}
                anomaly: {batchSize: 4, batchTimeout: 20ms, enterThreshold: 0.6}
                kafka: {topics: {anomalies: alerts}}
                """);
        assertThat(s.anomalyCameras()).containsExactlyInAnyOrder("walkway", "gate");
        assertThat(s.anomaly().modelFor("walkway")).isEqualTo("bundled:anomaly-ped2");
        assertThat(s.anomaly().modelFor("gate")).isEqualTo(model.toAbsolutePath().toString());
        assertThat(s.anomaly().batchSize()).isEqualTo(4);
        assertThat(s.anomaly().batchTimeoutMs()).isEqualTo(20);
        assertThat(s.anomaly().device()).isEqualTo("auto");
        assertThat(s.kafka().topics().topicFor(EventTypes.ANOMALY)).isEqualTo("alerts");
    }

    @Test
    void aMissingAnomalyModelIsAClearError() {
        assertThatThrownBy(() -> parse("cameras: [{id: t, url: 'lavfi:a', anomaly: true, anomalyModel: nowhere}]"))
                .hasMessageContaining("cameras[0].anomalyModel").hasMessageContaining("no model at")
                .hasMessageContaining("./sparsight train anomaly");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', anomaly: true}], anomaly: {model: 'bundled:nope'}}"))
                .hasMessageContaining("anomaly.model").hasMessageContaining("no bundled model named 'nope'");
        assertThatThrownBy(() -> parse("cameras: [{id: t, url: 'lavfi:a', anomalyModel: 'bundled:anomaly-ped2'}]"))
                .hasMessageContaining("anomaly: true");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', anomaly: true}], anomaly: {device: tpu}}"))
                .hasMessageContaining("anomaly").hasMessageContaining("device must be auto, cpu, gpu or gpu:N");
    }

    @Test
    void diffusionCamerasGetTheStageAndTheirEventsATopic() throws Exception {
        Path model = Files.createDirectories(dir.resolve("street-dit"));
        Files.writeString(model.resolve("model.json"), "{}");
        JobSettings s = parse("""
                cameras:
                  - {id: walkway, url: 'lavfi:testsrc', diffusion: true}
                  - {id: street, url: 'lavfi:testsrc', anomaly: true}
                diffusion: {model: street-dit, batchSize: 2, batchTimeout: 30ms, seed: 7, enterThreshold: 0.7}
                kafka: {topics: {predictions: predicted}}
                """);
        assertThat(s.diffusion().cameras()).containsExactly("walkway");
        assertThat(s.stages().hasDiffusion()).isTrue();
        assertThat(s.stages().diffusionCameras()).containsExactly("walkway");
        assertThat(s.diffusion().config().model()).isEqualTo(model.toAbsolutePath().toString());
        assertThat(s.diffusion().config().batchSize()).isEqualTo(2);
        assertThat(s.diffusion().config().batchTimeoutMs()).isEqualTo(30);
        assertThat(s.diffusion().config().seed()).isEqualTo(7);
        assertThat(s.diffusion().config().enterThreshold()).isEqualTo(0.7);
        assertThat(s.kafka().topics().topicFor(EventTypes.PREDICTION)).isEqualTo("predicted");
    }

    @Test
    void theDiffusionModelIsCheckedOnlyWhenACameraUsesIt() throws Exception {
        JobSettings unused = parse("{cameras: [{id: t, url: 'lavfi:a'}], diffusion: {model: nowhere}}");
        assertThat(unused.stages().hasDiffusion()).isFalse();
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', diffusion: true}], diffusion: {model: nowhere}}"))
                .hasMessageContaining("diffusion.model").hasMessageContaining("no model at");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', diffusion: true}], diffusion: {batchSize: 0}}"))
                .hasMessageContaining("diffusion").hasMessageContaining("batchSize >= 1");
    }

    @Test
    void groundingCamerasQueriesAndTopics() throws Exception {
        JobSettings s = parse("""
                cameras:
                  - {id: walkway, url: 'lavfi:testsrc', channels: 3, grounding: true}
                  - {id: street, url: 'lavfi:testsrc'}
                grounding:
                  window: 10s
                  stride: 1s
                  threshold: 0.7
                  queries:
                    - {id: cyclists, text: 'a cyclist rides along the walkway', camera: walkway}
                    - {id: stops, text: 'a red car stops', threshold: 0.4}
                kafka: {topics: {moments: found, rejected: dead, queries: control}}
                """);
        JobSettings.Grounding g = s.grounding();
        assertThat(g.enabled()).isTrue();
        assertThat(g.cameras()).containsExactly("walkway");
        assertThat(g.config().windowMs()).isEqualTo(10_000);
        assertThat(g.config().strideMs()).isEqualTo(1_000);
        assertThat(g.config().model()).isEqualTo("bundled:grounding-synthetic");
        assertThat(g.queryTopic()).isEqualTo("control");
        assertThat(g.initialQueries()).extracting(q -> q.id + "|" + q.camera + "|" + q.threshold)
                .containsExactly("cyclists|walkway|0.7", "stops|null|0.4");
        assertThat(s.kafka().topics().topicFor(EventTypes.MOMENT)).isEqualTo("found");
        assertThat(s.kafka().topics().topicFor(EventTypes.REJECTED)).isEqualTo("dead");
        assertThat(parse("cameras: [{id: t, url: 'lavfi:a'}]").grounding().enabled()).isFalse();
    }

    @Test
    void badGroundingSettingsAreClearErrors() {
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true}],"
                + " grounding: {queries: [{id: q, text: 'x', camera: other}]}}"))
                .hasMessageContaining("grounding.queries[0].camera").hasMessageContaining("no grounding: true");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true}],"
                + " grounding: {queries: [{id: 'bad id', text: 'x'}]}}"))
                .hasMessageContaining("grounding.queries[0]").hasMessageContaining("'id'");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true}],"
                + " grounding: {stride: 20s}}"))
                .hasMessageContaining("grounding").hasMessageContaining("stride");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a'}], grounding: {queries: [{id: q, text: x}]}}"))
                .hasMessageContaining("no camera has grounding: true");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true}],"
                + " grounding: {model: nowhere}}"))
                .hasMessageContaining("grounding.model").hasMessageContaining("./sparsight train grounding");
    }

    @Test
    void aTrackGroundingModelNeedsItsCamerasTracked() throws Exception {
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true},"
                + " {id: u, url: 'lavfi:b', grounding: true, objects: {}}], grounding: {model: 'bundled:tracks-synthetic'}}"))
                .hasMessageContaining("grounding.model").hasMessageContaining("cameras [t]")
                .hasMessageContaining("no objects settings");
        JobSettings s = parse("{cameras: [{id: t, url: 'lavfi:a', grounding: true, objects: {}}],"
                + " grounding: {model: 'bundled:tracks-synthetic'}}");
        assertThat(GroundingStage.readsTracks(s.grounding().config())).isTrue();
        assertThat(GroundingStage.readsTracks(GroundingConfig.defaults())).as("the pixel model").isFalse();
    }

    @Test
    void objectCamerasGetTheirClassesZonesAndTheStagesSettings() throws Exception {
        JobSettings s = parse("""
                cameras:
                  - id: gate
                    url: 'lavfi:testsrc'
                    objects:
                      classes: [person, car]
                      fps: 2
                      poses: true
                      zones:
                        - {name: door, points: [[0.6, 0.5], [1, 0.5], [1, 1]], relative: true, classes: [person], loiter: 30s}
                  - {id: yard, url: 'lavfi:testsrc', objects: {}}
                  - {id: lobby, url: 'lavfi:testsrc'}
                objects: {heartbeat: 5s, minHits: 2}
                kafka: {topics: {objects: tracks}}
                """);
        ObjectsConfig objects = s.objects();
        assertThat(objects.cameras().keySet()).containsExactly("gate", "yard");
        assertThat(s.stages().hasObjects()).isTrue();
        assertThat(objects.heartbeatMs()).isEqualTo(5_000);
        assertThat(objects.minHits()).isEqualTo(2);
        assertThat(objects.maxMisses()).isEqualTo(ObjectsConfig.defaults().maxMisses());
        CameraObjects gate = objects.cameras().get("gate");
        assertThat(gate.classes()).containsExactly("person", "car");
        assertThat(gate.fps()).isEqualTo(2);
        assertThat(gate.poses()).isTrue();
        assertThat(gate.minScore()).isEqualTo(CameraObjects.defaults().minScore());
        assertThat(gate.zones()).singleElement().isEqualTo(new Zone("door", new float[] {0.6f, 0.5f, 1, 0.5f, 1, 1},
                true, Set.of("person"), 30_000));
        assertThat(objects.cameras().get("yard")).isEqualTo(CameraObjects.defaults());
        assertThat(s.kafka().topics().topicFor(EventTypes.OBJECT)).isEqualTo("tracks");
        assertThat(s.kafka().topics().topicFor(EventTypes.ZONE)).isEqualTo("tracks");
        assertThat(ConfigLoader.parse("minimal", "cameras: [{ id: a, url: 'lavfi:testsrc' }]", null).stages()
                .hasObjects()).isFalse();
    }

    @Test
    void badObjectSettingsAreClearErrors() {
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {classes: [persn]}}]}"))
                .hasMessageContaining("cameras[0].objects").hasMessageContaining("'persn' is not a COCO class");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {zones: [{name: z,"
                + " points: [[0, 0], [1, 1]]}]}}]}"))
                .hasMessageContaining("cameras[0].objects").hasMessageContaining("zone 'z' needs at least three corners");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {classes: [car], zones: [{name: z,"
                + " points: [[0, 0], [9, 0], [9, 9]], classes: [person]}]}}]}"))
                .hasMessageContaining("zone 'z' watches 'person', which the camera does not track");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {}}], objects: {model: nowhere}}"))
                .hasMessageContaining("objects.model").hasMessageContaining("no TF.js graph model (model.json)");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {}}],"
                + " objects: {model: 'bundled:yolo'}}"))
                .hasMessageContaining("no bundled detector named 'yolo'");
        assertThatThrownBy(() -> parse("{cameras: [{id: t, url: 'lavfi:a', objects: {fps: 0}}]}"))
                .hasMessageContaining("objects.fps must be in (0, 30]");
    }
}
