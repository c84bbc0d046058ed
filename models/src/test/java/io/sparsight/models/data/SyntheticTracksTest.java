package io.sparsight.models.data;

import io.sparsight.models.data.SyntheticGrounding.Split;
import io.sparsight.models.data.TrackScenes.Action;
import io.sparsight.models.tracks.TrackFiles;
import io.sparsight.models.tracks.TrackVideo;
import io.sparsight.models.tracks.TrackedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SyntheticTracksTest {

    private static final List<SyntheticTracks.Video> DATASET = SyntheticTracks.generate(400, 7, TrackNoise.defaults());

    @Test
    void theSameSeedGivesTheSameDataset() {
        List<SyntheticTracks.Video> again = SyntheticTracks.generate(400, 7, TrackNoise.defaults());
        for (int i = 0; i < DATASET.size(); i++) {
            assertThat(again.get(i).query()).isEqualTo(DATASET.get(i).query());
            assertThat(objects(again.get(i).tracks())).isEqualTo(objects(DATASET.get(i).tracks()));
        }
        assertThat(SyntheticTracks.generate(400, 8, TrackNoise.defaults()).get(0).query())
                .isNotEqualTo(DATASET.get(0).query());
    }

    @Test
    void everyActionAndTheEverydayClassesOccur() {
        Map<String, Long> actions = DATASET.stream()
                .collect(Collectors.groupingBy(SyntheticTracks.Video::action, Collectors.counting()));
        assertThat(actions).hasSize(Action.values().length);
        // drawn uniformly: each about 400 / 14 = 29 times
        assertThat(actions.values()).allSatisfy(n -> assertThat(n).isBetween(12L, 50L));
        Set<String> labels = new HashSet<>();
        DATASET.forEach(v -> v.tracks().frames().forEach(f -> f.forEach(o -> labels.add(o.label()))));
        assertThat(labels).contains("person", "car", "truck", "bus", "dog", "bicycle", "motorcycle", "handbag",
                "backpack", "suitcase");
    }

    @Test
    void momentsLieInsideTheirVideosAndLastASecondOrMore() {
        for (SyntheticTracks.Video v : DATASET) {
            assertThat(v.query().moment().start()).isGreaterThanOrEqualTo(0);
            assertThat(v.query().moment().end()).isLessThanOrEqualTo(v.tracks().seconds() + 1e-9);
            assertThat(v.query().moment().duration()).isGreaterThanOrEqualTo(1.0);
            assertThat(v.tracks().seconds()).isEqualTo(SyntheticTracks.SECONDS);
        }
    }

    @Test
    void paraphraseSentencesNeverOccurInTraining() {
        Set<String> training = DATASET.stream().filter(v -> v.split() == Split.TRAIN)
                .map(v -> v.query().sentence()).collect(Collectors.toSet());
        List<String> paraphrases = DATASET.stream().filter(v -> v.split() == Split.PARAPHRASE)
                .map(v -> v.query().sentence()).toList();
        assertThat(paraphrases).hasSize(40).noneMatch(training::contains);
    }

    @Test
    void noiseLevelsAreAsConfigured() {
        TrackNoise missesOnly = new TrackNoise(0, 0.2, 0, 0, 0, 0, 0, 0);
        int clean = 0;
        int noisy = 0;
        int lostKeypoints = 0;
        int keypoints = 0;
        int agents = 0;
        int splitIds = 0;
        Random scenes = new Random(3);
        for (int i = 0; i < 150; i++) {
            TrackScene scene = TrackScenes.random(scenes).scene();
            clean += count(scene.render("c", TrackNoise.none(), new Random(i)));
            noisy += count(scene.render("n", missesOnly, new Random(i)));
            TrackVideo lossy = scene.render("k", new TrackNoise(0, 0, 0, 0.5, 0, 0, 0.3, 0), new Random(i));
            agents += (int) scene.agents().stream().filter(a -> scene.visibleSpan(a) != null).count();
            splitIds += ids(lossy).size();
            for (List<TrackedObject> frame : lossy.frames()) {
                for (TrackedObject o : frame) {
                    for (int k = 0; o.hasPose() && k < TrackedObject.KEYPOINTS; k++) {
                        float x = o.keypoints()[3 * k];
                        float y = o.keypoints()[3 * k + 1];
                        if (x > 0 && x < 1 && y > 0 && y < 1) { // inside the frame: only the configured loss
                            keypoints++;
                            lostKeypoints += o.keypoints()[3 * k + 2] < 0.2 ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertThat((double) noisy / clean).isCloseTo(0.8, within(0.02));
        assertThat((double) lostKeypoints / keypoints).isCloseTo(0.3, within(0.02));
        // half the tracks split in two (a split in a frame where the object is not visible adds no id)
        assertThat((double) splitIds / agents).isBetween(1.3, 1.5);
    }

    @Test
    void falseTracksAreShortAndWeak() {
        Random scenes = new Random(5);
        int falseObjects = 0;
        for (int i = 0; i < 50; i++) {
            TrackScene scene = TrackScenes.random(scenes).scene();
            Set<Integer> real = ids(scene.render("c", TrackNoise.none(), new Random(i)));
            TrackVideo withFalse = scene.render("f", new TrackNoise(0, 0, 0, 0, 2, 0, 0, 0), new Random(i));
            Map<Integer, Integer> lengths = new HashMap<>();
            withFalse.frames().forEach(f -> f.stream().filter(o -> !real.contains(o.track()))
                    .forEach(o -> {
                        lengths.merge(o.track(), 1, Integer::sum);
                        assertThat(o.score()).isLessThan(0.5f);
                    }));
            assertThat(lengths.values()).allSatisfy(n -> assertThat(n).isBetween(1, 5));
            falseObjects += lengths.size();
        }
        assertThat(falseObjects).isBetween(25, 75); // 0, 1 or 2 per video
    }

    @Test
    void halfTheVideosAreSeenWithoutAPoseModelAndSomeAreBusy() {
        long poseless = DATASET.stream().filter(v -> v.tracks().frames().stream().flatMap(List::stream)
                .noneMatch(o -> o.hasPose())).count();
        assertThat(poseless).as("videos without any pose (of 400)").isBetween(170L, 230L);
        long busy = DATASET.stream().filter(v -> v.tracks().frames().get(60).size() >= 6).count();
        assertThat(busy).as("videos with 6 or more objects in their middle frame (of 400)").isGreaterThan(80L);
        assertThat(DATASET).allSatisfy(v -> assertThat(v.tracks().frames().stream().mapToLong(f -> f.stream()
                .map(o -> o.track()).count()).max().orElse(0)).isLessThanOrEqualTo(14));
    }

    @Test
    void posesShowTheGestures() {
        Random random = new Random(11);
        int falls = 0;
        int waves = 0;
        for (int i = 0; i < 400 && (falls < 3 || waves < 3); i++) {
            TrackScenes.Scripted s = TrackScenes.random(random);
            TrackScenes.Event e = s.event();
            int middle = (int) Math.round(e.moment().end() * TrackScenes.FPS) - 2;
            if (e.action() == Action.FALLS) {
                double[] box = e.actor().box(middle);
                // lying: wider than tall on screen (4:3 frame)
                assertThat((box[2] - box[0]) / TrackScene.ASPECT).isGreaterThan(box[3] - box[1]);
                falls++;
            } else if (e.action() == Action.WAVES) {
                double[] k = e.actor().keypoints(middle);
                assertThat(k[2 * 10 + 1]).isLessThan(k[1]); // the right wrist above the nose
                waves++;
            }
        }
        assertThat(falls).isGreaterThanOrEqualTo(3);
        assertThat(waves).isGreaterThanOrEqualTo(3);
    }

    @Test
    void trackFilesRoundTrip(@TempDir Path dir) throws Exception {
        TrackVideo video = DATASET.get(3).tracks();
        Path file = dir.resolve("v.json");
        TrackFiles.write(video, file);
        TrackVideo back = TrackFiles.read(file);
        assertThat(back.id()).isEqualTo(video.id());
        assertThat(back.fps()).isEqualTo(video.fps());
        assertThat(back.frames()).hasSameSizeAs(video.frames());
        for (int f = 0; f < video.frames().size(); f++) {
            for (int o = 0; o < video.frames().get(f).size(); o++) {
                TrackedObject a = video.frames().get(f).get(o);
                TrackedObject b = back.frames().get(f).get(o);
                assertThat(b.track()).isEqualTo(a.track());
                assertThat(b.label()).isEqualTo(a.label());
                assertThat(b.x1()).isCloseTo(a.x1(), within(1e-4f));
                assertThat(b.hasPose()).isEqualTo(a.hasPose());
            }
        }
    }

    private static int count(TrackVideo video) {
        return video.frames().stream().mapToInt(List::size).sum();
    }

    private static Set<Integer> ids(TrackVideo video) {
        Set<Integer> ids = new HashSet<>();
        video.frames().forEach(f -> f.forEach(o -> ids.add(o.track())));
        return ids;
    }

    private static List<String> objects(TrackVideo video) {
        return video.frames().stream().flatMap(List::stream)
                .map(o -> o.track() + o.label() + o.x1() + "," + o.y2()).toList();
    }
}
