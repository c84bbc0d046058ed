package io.sparsight.models.runtime;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpochLoopTest {

    @TempDir
    Path work;

    private static final TrainingListener QUIET = new TrainingListener() {
        @Override
        public void onStep(int epoch, int step, int steps, float loss) {}

        @Override
        public void onEpoch(int epoch, float meanLoss, double seconds) {}
    };

    private static Model tinyModel() {
        Model model = Model.newInstance("tiny", ai.djl.Device.cpu(), OfflineRuntime.ENGINE);
        Linear block = Linear.builder().setUnits(1).build();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 2));
        return model;
    }

    @Test
    void aRunStoppedInsideAnEpochResumesAtItsLastCheckpointWithTheSameBatches() throws Exception {
        List<Integer> samples = IntStream.range(0, 20).boxed().toList(); // 10 steps of 2 an epoch
        List<String> uninterrupted = new ArrayList<>();
        try (Model model = tinyModel()) {
            EpochLoop.run(model, null, work.resolve("a"), samples, 2, 2, new TrainingCheckpoint.Position(0, 0), 4, 5L,
                    (t, batch, random, epoch, step) -> record(uninterrupted, batch, epoch, step), QUIET, "");
        }
        List<String> first = new ArrayList<>();
        try (Model model = tinyModel()) {
            assertThatThrownBy(() -> EpochLoop.run(model, null, work.resolve("b"), samples, 2, 2,
                    new TrainingCheckpoint.Position(0, 0), 4, 5L, (t, batch, random, epoch, step) -> {
                        if (epoch == 1 && step == 6) {
                            throw new IllegalStateException("killed");
                        }
                        return record(first, batch, epoch, step);
                    }, QUIET, "")).hasMessage("killed");
        }
        List<String> resumed = new ArrayList<>();
        try (Model model = tinyModel()) {
            TrainingCheckpoint.Position at = TrainingCheckpoint.resumePosition(model, work.resolve("b"));
            assertThat(at).as("the checkpoint 4 steps into the second epoch").isEqualTo(new TrainingCheckpoint.Position(1, 4));
            EpochLoop.run(model, null, work.resolve("b"), samples, 2, 2, at, 4, 5L,
                    (t, batch, random, epoch, step) -> record(resumed, batch, epoch, step), QUIET, "");
        }
        assertThat(resumed.get(0)).startsWith("1/4 ");
        // steps 4 and 5 ran twice (before the kill and after the resume), as a restart from a checkpoint does
        List<String> together = new ArrayList<>(first.subList(0, 14));
        together.addAll(resumed);
        assertThat(together).isEqualTo(uninterrupted);
    }

    @Test
    void skippedStepsAreLeftOutOfTheMeanAndOnlyARunOfThemStopsTraining() throws Exception {
        List<Integer> samples = IntStream.range(0, 40).boxed().toList(); // 20 steps of 2 an epoch
        List<Float> means = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpoch(int epoch, float meanLoss, double seconds) {
                means.add(meanLoss);
            }

            @Override
            public void onNote(String line) {
                notes.add(line);
            }
        };
        try (Model model = tinyModel()) {
            // three skipped steps (NaN) among finite losses of 1: the mean stays 1, a note says 3 were skipped
            EpochLoop.run(model, null, work.resolve("a"), samples, 2, 1, new TrainingCheckpoint.Position(0, 0), 0, 5L,
                    (t, batch, random, epoch, step) -> step % 6 == 2 ? Float.NaN : 1f, listener, "");
        }
        assertThat(means).containsExactly(1f);
        assertThat(notes).singleElement().asString().contains("3 step(s) skipped");

        try (Model model = tinyModel()) {
            assertThatThrownBy(() -> EpochLoop.run(model, null, work.resolve("b"), samples, 2, 1,
                    new TrainingCheckpoint.Position(0, 0), 0, 5L,
                    (t, batch, random, epoch, step) -> step >= 5 ? Float.NaN : 1f, listener, " (hint)"))
                    .hasMessageContaining("not finite " + EpochLoop.MAX_SKIPPED_IN_A_ROW + " steps in a row")
                    .hasMessageContaining("epoch 1 step " + (5 + EpochLoop.MAX_SKIPPED_IN_A_ROW))
                    .hasMessageEndingWith("(hint)");
        }
    }

    /** Notes the step's batch and its own random draw; a finite "loss". */
    private static float record(List<String> seen, List<Integer> batch, int epoch, int step) {
        seen.add(epoch + "/" + step + " " + batch + " " + EpochLoop.stepRandom(5L, epoch, step).nextInt(1000));
        return 1f;
    }
}
