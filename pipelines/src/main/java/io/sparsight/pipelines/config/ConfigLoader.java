package io.sparsight.pipelines.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparsight.models.detection.DetectionModel;
import io.sparsight.models.runtime.ModelRef;
import io.sparsight.operators.anomaly.AnomalyConfig;
import io.sparsight.operators.clips.ClipsConfig;
import io.sparsight.operators.diffusion.DiffusionConfig;
import io.sparsight.operators.events.EventTopics;
import io.sparsight.operators.events.EventTypes;
import io.sparsight.operators.grounding.GroundingConfig;
import io.sparsight.operators.grounding.GroundingStage;
import io.sparsight.operators.grounding.QueryCommand;
import io.sparsight.operators.grounding.QueryMessages;
import io.sparsight.operators.motion.MotionConfig;
import io.sparsight.operators.objects.CameraObjects;
import io.sparsight.operators.objects.ObjectsConfig;
import io.sparsight.operators.objects.Zone;
import io.sparsight.operators.secrets.KafkaClientProperties;
import io.sparsight.operators.secrets.SecretReferences;
import io.sparsight.operators.source.CameraSpec;
import io.sparsight.operators.source.CameraUrls;
import io.sparsight.operators.source.LiveSettings;
import io.sparsight.operators.source.Sampling;
import org.apache.flink.connector.base.DeliveryGuarantee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads a YAML job configuration and checks it as a whole before anything starts: unknown keys are rejected, and
 * every error names the file, the line and the key, and says what to write instead. All of a file's errors are
 * reported at once (one per line), not only the first.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final String source;
    private final YamlLines lines;
    /** Problems found so far, with the line each is on (0: the file as a whole). */
    private final List<Problem> problems = new ArrayList<>();

    private ConfigLoader(String source, String yaml) {
        this.source = source;
        this.lines = YamlLines.index(yaml);
    }

    public static JobSettings load(Path file) throws ConfigException {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read the configuration " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), yaml, file.toAbsolutePath().getParent());
    }

    /** @param baseDir folder that relative camera paths are taken from (the config file's folder), or null */
    public static JobSettings parse(String source, String yaml, Path baseDir) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(source, yaml);
        SparsightConfig config;
        try {
            config = YAML.readerFor(SparsightConfig.class).withHandler(loader.new UnknownKeys()).readValue(yaml);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                loader.problem(syntax.getLocation(), "", "not valid YAML: " + firstLine(syntax.getOriginalMessage()));
            } else {
                loader.problem(e.getLocation(), pathOf(e), firstLine(e.getOriginalMessage()));
            }
            throw loader.failure();
        } catch (JsonProcessingException e) {
            loader.problem(e.getLocation(), "", "not valid YAML: " + firstLine(e.getOriginalMessage()));
            throw loader.failure();
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read the configuration: " + e.getMessage());
        }
        if (config == null) {
            throw new ConfigException(source + ": the configuration is empty; it needs at least a 'cameras' list");
        }
        JobSettings settings = loader.check(config, baseDir);
        if (!loader.problems.isEmpty()) {
            throw loader.failure();
        }
        return settings;
    }

    /**
     * One camera, written with the keys of an item of {@code cameras:} (YAML or JSON), as a camera control message
     * carries it: checked by the same rules, with the same defaults. Its stages come from the job's configuration,
     * so the stage keys ({@code anomaly}, {@code anomalyModel}, {@code grounding}) are refused here.
     *
     * @param source what to call the text in messages (e.g. "camera control message")
     */
    public static CameraSpec parseCamera(String source, String text) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(source, text);
        SparsightConfig.Camera entry;
        try {
            entry = YAML.readerFor(SparsightConfig.Camera.class).withHandler(loader.new UnknownKeys()).readValue(text);
        } catch (JsonMappingException e) {
            loader.problem(e.getLocation(), pathOf(e), "not a camera: " + firstLine(e.getOriginalMessage()));
            throw loader.failure();
        } catch (JsonProcessingException e) {
            loader.problem(e.getLocation(), "", "not valid JSON or YAML: " + firstLine(e.getOriginalMessage()));
            throw loader.failure();
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read the camera: " + e.getMessage());
        }
        if (entry == null) {
            throw new ConfigException(source + ": no camera given");
        }
        if (entry.anomaly || entry.anomalyModel != null || entry.grounding || entry.diffusion || entry.objects != null
                || entry.clips) {
            loader.problem("anomaly", "a camera's stages are set in the job's configuration; one added while the job"
                    + " runs gets motion events, and the anomaly, diffusion, object, grounding and clip stages the configuration gives"
                    + " its id");
        }
        CameraSpec camera = loader.camera(entry, "camera", null);
        if (!loader.problems.isEmpty()) {
            throw loader.failure();
        }
        return camera;
    }

    /** Every unknown key is a problem of its own; reading goes on past it so that the others are found too. */
    private final class UnknownKeys extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object bean, String key) throws IOException {
            Set<String> known = new TreeSet<>();
            deserializer.getKnownPropertyNames().forEach(k -> known.add(String.valueOf(k)));
            String path = YamlLines.path(parser.getParsingContext().pathAsPointer());
            problem(parser.currentTokenLocation(), path, "unknown key '" + key + "'; known keys here: "
                    + String.join(", ", known));
            parser.skipChildren();
            return true;
        }
    }

    /** Settings the job sets itself, which kafka.properties may not override. */
    private static final Set<String> OWN_KAFKA_KEYS = Set.of("bootstrap.servers", "transactional.id",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "isolation.level",
            "enable.idempotence", "transaction.timeout.ms", "group.id");

    /** kafka.properties, checked: no key the job sets itself, no empty value, references well formed. */
    private Map<String, String> kafkaProperties(Map<String, String> properties) {
        Map<String, String> checked = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String path = "kafka.properties." + e.getKey();
            if (OWN_KAFKA_KEYS.contains(e.getKey())) {
                problem(path, "Sparsight sets " + e.getKey() + " itself"
                        + (e.getKey().equals("bootstrap.servers") ? "; write kafka.bootstrapServers" : ""));
            } else if (e.getValue() == null || e.getValue().isBlank()) {
                problem(path, "no value");
            } else if (e.getValue().contains("${") && !SecretReferences.hasReference(e.getValue())) {
                problem(path, "a secret reference is ${env:NAME} or ${file:PATH}");
            } else if (writesASecretInTheClear(e.getKey(), e.getValue())) {
                problem(path, "a secret written in the clear; write it as ${env:NAME} or ${file:PATH} (in the clear"
                        + " it would travel in the job graph)");
            } else {
                checked.put(e.getKey(), e.getValue());
            }
        }
        return checked;
    }

    /** A password, key or token given as text instead of a reference (a JAAS configuration's password="..."). */
    private static boolean writesASecretInTheClear(String key, String value) {
        if (!KafkaClientProperties.isSecret(key)) {
            return false;
        }
        if (key.toLowerCase(Locale.ROOT).contains("jaas")) {
            java.util.regex.Matcher m = JAAS_PASSWORD.matcher(value);
            while (m.find()) {
                if (!SecretReferences.isReference(m.group(1))) {
                    return true;
                }
            }
            return false;
        }
        return !SecretReferences.isReference(value);
    }

    private static final java.util.regex.Pattern JAAS_PASSWORD =
            java.util.regex.Pattern.compile("password\\s*=\\s*\"([^\"]*)\"");

    /** The settings, or null when a problem was found (each one is in {@link #problems}). */
    private JobSettings check(SparsightConfig c, Path baseDir) {
        SparsightConfig.Job job = c.job;
        String name = value("job.name", () -> requireText(job.name, "a job name"));
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            problem("job.name", "'" + name + "' may only use letters, digits, '.', '_' and '-'");
        }
        Integer parallelism = value("job.parallelism", () -> positive(job.parallelism, "parallelism"));
        var checkpoint = value("job.checkpointInterval", () -> DurationText.parse(job.checkpointInterval));
        var idleness = value("job.sourceIdleness", () -> DurationText.parse(job.sourceIdleness));
        JobSettings.State state = value("job", () -> state(job, baseDir));
        JobSettings.Restarts restarts = value("job.restartDelay", () -> new JobSettings.Restarts(
                DurationText.parse(job.restartDelay), DurationText.parse(job.restartDelayMax)));

        if (c.cameras == null || c.cameras.isEmpty()) {
            problem("cameras", "no cameras: add at least one under 'cameras:' with an id and a url");
        }
        SparsightConfig.Anomaly a = c.anomaly;
        String defaultModel = value("anomaly.model", () -> ModelRef.checked(a.model, baseDir, "anomaly"));
        AnomalyConfig anomaly = value("anomaly", () -> new AnomalyConfig(defaultModel, Map.of(), a.device, a.batchSize,
                DurationText.parse(a.batchTimeout).toMillis(), a.enterThreshold, a.exitThreshold,
                DurationText.parse(a.minDuration).toMillis(), DurationText.parse(a.quiet).toMillis(),
                DurationText.parse(a.idleClose).toMillis(), DurationText.parse(a.maxLag).toMillis()));

        SparsightConfig.Diffusion d = c.diffusion;
        boolean diffusionUsed = c.cameras != null && c.cameras.stream().anyMatch(e -> e != null && e.diffusion);
        // the model is looked for only when a camera uses it: a build without it still runs every other stage
        String diffusionModel = !diffusionUsed ? d.model
                : value("diffusion.model", () -> ModelRef.checked(d.model, baseDir, "diffusion"));
        DiffusionConfig diffusion = value("diffusion", () -> new DiffusionConfig(diffusionModel, d.device, d.batchSize,
                DurationText.parse(d.batchTimeout).toMillis(), d.seed, d.enterThreshold, d.exitThreshold,
                DurationText.parse(d.minDuration).toMillis(), DurationText.parse(d.quiet).toMillis(),
                DurationText.parse(d.idleClose).toMillis(), d.repair, d.maxRepairFrames,
                DurationText.parse(d.maxLag).toMillis()));

        ObjectsConfig objects = objects(c, baseDir);
        Map<String, CameraObjects> objectCameras = new TreeMap<>();
        ClipsConfig clips = clips(c.clips, baseDir);
        Set<String> clipCameras = new TreeSet<>();

        List<CameraSpec> cameras = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> anomalyCameras = new TreeSet<>();
        Set<String> diffusionCameras = new TreeSet<>();
        Set<String> groundingCameras = new TreeSet<>();
        List<SparsightConfig.Camera> entries = c.cameras == null ? List.of() : c.cameras;
        for (int i = 0; i < entries.size(); i++) {
            SparsightConfig.Camera entry = entries.get(i);
            String path = "cameras[" + i + "]";
            CameraSpec camera = camera(entry, path, baseDir);
            String id = camera != null ? camera.id() : entry.id;
            if (id != null && !ids.add(id)) {
                problem(path + ".id", "camera id '" + id + "' is used twice; ids must be unique");
            }
            if (camera != null) {
                cameras.add(camera);
            }
            if (entry.anomalyModel != null) {
                String model = value(path + ".anomalyModel", () -> ModelRef.checked(entry.anomalyModel, baseDir, "anomaly"));
                if (anomaly != null && model != null && id != null) {
                    anomaly = anomaly.withModel(id, model);
                }
            }
            if (entry.grounding && id != null) {
                groundingCameras.add(id);
            }
            if (entry.diffusion && id != null) {
                diffusionCameras.add(id);
            }
            if (entry.clips && id != null) {
                clipCameras.add(id);
            }
            if (entry.objects != null && id != null) {
                CameraObjects settings = value(path + ".objects", () -> cameraObjects(entry.objects));
                if (settings != null) {
                    objectCameras.put(id, settings);
                }
            }
            if (entry.anomaly && id != null) {
                anomalyCameras.add(id);
            } else if (!entry.anomaly && entry.anomalyModel != null) {
                problem(path + ".anomalyModel", "camera '" + id + "' names an anomaly model but"
                        + " has anomaly: false; add anomaly: true to score it");
            }
        }

        SparsightConfig.Motion m = c.motion;
        MotionConfig motion = value("motion", () -> new MotionConfig(m.pixelThreshold, m.enterThreshold,
                m.exitThreshold, DurationText.parse(m.minDuration).toMillis(), DurationText.parse(m.quiet).toMillis(),
                DurationText.parse(m.idleClose).toMillis()));

        SparsightConfig.Kafka k = c.kafka;
        String servers = value("kafka.bootstrapServers", () -> requireText(k.bootstrapServers, "bootstrap servers or 'embedded'"));
        DeliveryGuarantee guarantee = value("kafka.deliveryGuarantee", () -> switch (k.deliveryGuarantee.toLowerCase(Locale.ROOT)) {
            case "exactly-once" -> DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once" -> DeliveryGuarantee.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("'" + k.deliveryGuarantee + "' is not a delivery guarantee; write exactly-once or at-least-once");
        });
        var transactionTimeout = value("kafka.transactionTimeout", () -> DurationText.parse(k.transactionTimeout));
        EventTopics topics = value("kafka.topics", () -> EventTopics.defaults()
                .with(EventTypes.MOTION, k.topics.motion)
                .with(EventTypes.CAMERA_STATUS, k.topics.cameraStatus)
                .with(EventTypes.ANOMALY, k.topics.anomalies)
                .with(EventTypes.MOMENT, k.topics.moments)
                .with(EventTypes.PREDICTION, k.topics.predictions)
                .with(EventTypes.REPAIR, k.topics.repairs)
                .with(EventTypes.OBJECT, k.topics.objects)
                .with(EventTypes.ZONE, k.topics.objects)
                .with(EventTypes.REJECTED, k.topics.rejected));
        String queryTopic = value("kafka.topics.queries", () -> requireText(k.topics.queries, "a topic name"));
        String cameraTopic = k.topics.cameras == null ? null
                : value("kafka.topics.cameras", () -> requireText(k.topics.cameras, "a topic name"));
        Map<String, String> kafkaProperties = kafkaProperties(k.properties);
        JobSettings.Grounding grounding = grounding(c.grounding, baseDir, groundingCameras, queryTopic);
        if (grounding != null && !groundingCameras.isEmpty() && problems.isEmpty()
                && Boolean.TRUE.equals(value("grounding.model", () -> GroundingStage.readsTracks(grounding.config())))
                && !objectCameras.keySet().containsAll(groundingCameras)) {
            Set<String> missing = new TreeSet<>(groundingCameras);
            missing.removeAll(objectCameras.keySet());
            problem("grounding.model", "model " + c.grounding.model + " grounds queries on the object stage's tracks:"
                    + " cameras " + missing + " have grounding: true but no objects settings (add objects: {})");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        JobSettings.Kafka kafka = new JobSettings.Kafka(
                servers.equals("embedded") ? null : servers, guarantee, transactionTimeout, topics, kafkaProperties,
                cameraTopic);
        return new JobSettings(name, parallelism, checkpoint, idleness, List.copyOf(cameras), motion, kafka, anomaly,
                Set.copyOf(anomalyCameras), grounding, state, new JobSettings.Diffusion(diffusion, diffusionCameras),
                restarts, objects.withCameras(objectCameras), clips.withCameras(clipCameras));
    }

    /** The object stage's settings, without cameras; its detector is looked for only when a camera uses it. */
    private ObjectsConfig objects(SparsightConfig c, Path baseDir) {
        SparsightConfig.Objects o = c.objects;
        boolean used = c.cameras != null && c.cameras.stream().anyMatch(e -> e != null && e.objects != null);
        String model = !used ? o.model : value("objects.model", () -> detectorRef(o.model, baseDir));
        return value("objects", () -> new ObjectsConfig(model, o.device, o.batchSize,
                DurationText.parse(o.batchTimeout).toMillis(), o.motionThreshold, o.pixelThreshold,
                DurationText.parse(o.heartbeat).toMillis(), o.weakScore, o.matchIou, o.minHits, o.maxMisses,
                DurationText.parse(o.idleClose).toMillis(), DurationText.parse(o.maxLag).toMillis(), Map.of()));
    }

    /** {@code bundled:coco-nanodet}, or a folder (resolved against the configuration's) with a TF.js model.json. */
    private static String detectorRef(String ref, Path baseDir) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("needs bundled:" + DetectionModel.BUNDLED + " or a folder");
        }
        if (ModelRef.isBundled(ref)) {
            if (!ModelRef.bundledName(ref).equals(DetectionModel.BUNDLED)) {
                throw new IllegalArgumentException("no bundled detector named '" + ModelRef.bundledName(ref)
                        + "' (bundled: " + DetectionModel.BUNDLED + ")");
            }
            return ref;
        }
        Path dir = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IllegalArgumentException("no TF.js graph model (model.json) in " + dir.toAbsolutePath());
        }
        return dir.toString();
    }

    /** A camera's objects: block, checked (classes, zones) by the stage's own rules. */
    private static CameraObjects cameraObjects(SparsightConfig.CameraObjectsEntry entry) {
        List<Zone> zones = new ArrayList<>();
        for (SparsightConfig.ZoneEntry z : entry.zones) {
            float[] points = new float[z.points.size() * 2];
            for (int p = 0; p < z.points.size(); p++) {
                List<Double> point = z.points.get(p);
                if (point == null || point.size() != 2 || point.contains(null)) {
                    throw new IllegalArgumentException("zone '" + z.name + "': each point is [x, y], got " + point);
                }
                points[2 * p] = point.get(0).floatValue();
                points[2 * p + 1] = point.get(1).floatValue();
            }
            zones.add(new Zone(z.name, points, z.relative, Set.copyOf(z.classes),
                    DurationText.parse(z.loiter).toMillis()));
        }
        return new CameraObjects(entry.classes, entry.fps, entry.minScore, zones, entry.poses);
    }

    private JobSettings.Grounding grounding(SparsightConfig.Grounding g, Path baseDir, Set<String> cameras,
            String queryTopic) {
        String model = cameras.isEmpty() ? g.model // no grounding camera: the model is never loaded
                : value("grounding.model", () -> ModelRef.checked(g.model, baseDir, "grounding"));
        GroundingConfig config = value("grounding", () -> new GroundingConfig(model, g.device,
                DurationText.parse(g.window).toMillis(), DurationText.parse(g.stride).toMillis(), g.threshold,
                DurationText.parse(g.mergeGap).toMillis(), DurationText.parse(g.idleClose).toMillis(), g.maxQueriesPerCamera,
                g.maxQueries));
        List<QueryCommand> queries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < g.queries.size(); i++) {
            SparsightConfig.Query q = g.queries.get(i);
            String path = "grounding.queries[" + i + "]";
            double threshold = q.threshold != null ? q.threshold : config != null ? config.defaultThreshold() : g.threshold;
            QueryCommand add = value(path, () -> QueryMessages.checkedAdd(q.id, q.camera, q.text, threshold));
            if (add == null) {
                continue;
            }
            if (!ids.add(add.id)) {
                problem(path + ".id", "query id '" + add.id + "' is used twice; ids must be unique");
            }
            if (add.camera != null && !cameras.contains(add.camera)) {
                problem(path + ".camera", "camera '" + add.camera + "' has no grounding: true (grounding cameras: "
                        + cameras + ")");
            }
            queries.add(add);
        }
        if (!g.queries.isEmpty() && cameras.isEmpty()) {
            problem("grounding.queries", "queries are given but no camera has grounding: true");
        }
        return config == null ? null : new JobSettings.Grounding(config, Set.copyOf(cameras), queryTopic, List.copyOf(queries));
    }

    /** The camera, or null when one of its keys has a problem (recorded). */
    private CameraSpec camera(SparsightConfig.Camera c, String path, Path baseDir) {
        int before = problems.size();
        String id = value(path + ".id", () -> requireText(c.id, "an id"));
        String url = value(path + ".url", () -> requireText(c.url, "a url (file, folder, lavfi:..., or stream URL)"));
        String password = CameraUrls.password(url);
        if (password != null && !SecretReferences.isReference(password)) {
            problem(path + ".url", "its password is written in the clear; write it as ${env:NAME} or ${file:PATH}"
                    + " (a password in the URL would be kept in the job's checkpoints and savepoints)");
        }
        if (CameraUrls.secretParameters(url).stream().anyMatch(v -> !SecretReferences.isReference(v))) {
            problem(path + ".url", "a secret query parameter (password, pwd, token, key, ...) is written in the clear;"
                    + " write its value as ${env:NAME} or ${file:PATH}");
        }
        Sampling sampling = value(path + ".sampling", () -> Sampling.parse(c.sampling));
        int[] size = value(path + ".size", () -> parseSize(c.size));
        SparsightConfig.Live l = c.live;
        LiveSettings live = value(path + ".live", () -> new LiveSettings(DurationText.parse(l.ioTimeout).toMillis(),
                DurationText.parse(l.stallTimeout).toMillis(), DurationText.parse(l.backoffInitial).toMillis(),
                DurationText.parse(l.backoffMax).toMillis(), l.queueCapacity));
        if (problems.size() > before) {
            return null;
        }
        String resolved = resolve(url, baseDir);
        CameraSpec.Builder b = CameraSpec.builder(id, resolved);
        b.sampling(sampling);
        b.size(size[0], size[1]).channels(c.channels).playbackSpeed(c.playbackSpeed).decoderThreads(c.decoderThreads);
        for (Map.Entry<String, String> option : c.ffmpegOptions.entrySet()) {
            b.ffmpegOption(option.getKey(), option.getValue());
        }
        b.live(live);
        CameraSpec camera = value(path, b::build);
        if (camera != null && !camera.kind().isLive() && camera.kind() != io.sparsight.operators.source.InputKind.LAVFI
                && !Files.exists(Path.of(resolved.startsWith("file:") ? resolved.substring(5) : resolved))) {
            problem(path + ".url", "no such file or folder: " + resolved);
            return null;
        }
        return camera;
    }

    /** job.stateBackend and job.checkpointDir; a plain path becomes an absolute file URI (relative: to the file). */
    private JobSettings.State state(SparsightConfig.Job job, Path baseDir) {
        String backend = String.valueOf(job.stateBackend).trim().toLowerCase(Locale.ROOT);
        if (!backend.equals("hashmap") && !backend.equals("rocksdb")) {
            throw new IllegalArgumentException("stateBackend must be hashmap or rocksdb, got '" + job.stateBackend + "'");
        }
        String dir = job.checkpointDir == null || job.checkpointDir.isBlank() ? null : job.checkpointDir.trim();
        return new JobSettings.State(backend, dir == null ? null : folderUri(dir, baseDir));
    }

    /** A URI stays as it is; a folder, relative to the config file's folder, becomes a file URI. */
    private static String folderUri(String dir, Path baseDir) {
        if (dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return dir;
        }
        Path path = Path.of(dir);
        return (baseDir != null && !path.isAbsolute() ? baseDir.resolve(path) : path.toAbsolutePath()).normalize()
                .toUri().toString();
    }

    /** The clip stage's settings, without cameras. */
    private ClipsConfig clips(SparsightConfig.Clips k, Path baseDir) {
        String store = value("clips.store", () -> folderUri(requireText(k.store, "a folder or URI"), baseDir));
        Set<String> types = new TreeSet<>();
        for (String type : k.types == null ? List.<String>of() : k.types) {
            String full = SparsightConfig.EVENT_TYPE_PREFIX + String.valueOf(type).trim().toLowerCase(Locale.ROOT);
            if (ClipsConfig.CLIPPABLE_TYPES.contains(full)) {
                types.add(full);
            } else {
                problem("clips.types", "'" + type + "' is not an event type with footage; write anomaly, prediction,"
                        + " moment, object, zone or motion");
            }
        }
        return value("clips", () -> new ClipsConfig(store, DurationText.parse(k.preRoll).toMillis(),
                DurationText.parse(k.postRoll).toMillis(), DurationText.parse(k.buffer).toMillis(),
                ByteSizeText.parse(k.cameraBuffer), ByteSizeText.parse(k.totalBuffer),
                DurationText.parse(k.maxAge).toMillis(), ByteSizeText.parse(k.maxStoreSize), k.writerThreads,
                k.queueCapacity, types, Set.of()));
    }

    /** Relative file and folder paths are taken from the config file's folder. */
    private static String resolve(String url, Path baseDir) {
        boolean plainPath = !url.startsWith("lavfi:") && !url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !url.startsWith("/");
        return plainPath && baseDir != null ? baseDir.resolve(url).normalize().toString() : url;
    }

    /** {@code WIDTHxHEIGHT}, e.g. {@code 224x224}. */
    public static int[] parseSize(String size) {
        String[] parts = String.valueOf(size).toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length == 2) {
                return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("size must be WIDTHxHEIGHT, e.g. 224x224; got '" + size + "'");
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing: it needs " + what);
        }
        return value.trim();
    }

    private static int positive(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }

    /** Runs a check; an IllegalArgumentException is recorded as a problem that names the path and line (then null). */
    private <T> T value(String path, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return null;
        }
    }

    private void problem(String path, String message) {
        int line = lines.lineOf(path);
        problems.add(new Problem(line, source + (line == 0 ? "" : ", line " + line) + ": " + path + ": " + message));
    }

    private void problem(JsonLocation location, String path, String message) {
        String where = location == null ? "" : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
        problems.add(new Problem(location == null ? 0 : location.getLineNr(),
                source + where + ": " + (path.isEmpty() ? "" : path + ": ") + message));
    }

    /** Every problem, in the order of the lines they are on. */
    private ConfigException failure() {
        return new ConfigException(problems.stream().sorted(Comparator.comparingInt(Problem::line))
                .map(Problem::text).toList());
    }

    private record Problem(int line, String text) {}

    private static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            }
        }
        return out.toString();
    }
}
