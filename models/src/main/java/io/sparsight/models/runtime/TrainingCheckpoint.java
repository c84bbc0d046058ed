package io.sparsight.models.runtime;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.training.tracker.Tracker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoints of a training run in a work folder: the parameters in {@code checkpoint-0000.params} and, in
 * {@code checkpoint.txt}, the count of finished epochs and (for a checkpoint inside an epoch) of the steps done in
 * the next one. A run started again with the same work folder and settings resumes there (the optimiser's moments
 * start afresh; the learning-rate schedule continues where it was, see {@link #cosine}).
 */
public final class TrainingCheckpoint {

    private static final String CHECKPOINT = "checkpoint";
    private static final String STATE = "checkpoint.txt";

    private TrainingCheckpoint() {}

    /** Where a run stands: finished epochs, and steps done in the epoch after them. */
    public record Position(int epochs, int steps) {}

    /** Loads the checkpoint in {@code workDir} into {@code model}; the number of finished epochs, 0 when none. */
    public static int resume(Model model, Path workDir) throws IOException {
        return resumePosition(model, workDir).epochs();
    }

    /** Loads the checkpoint in {@code workDir} into {@code model}; where it stands, (0, 0) when there is none. */
    public static Position resumePosition(Model model, Path workDir) throws IOException {
        Path state = workDir.resolve(STATE);
        if (!Files.isRegularFile(state)) {
            return new Position(0, 0);
        }
        try {
            model.load(workDir, CHECKPOINT);
        } catch (MalformedModelException e) {
            throw new IOException("the checkpoint in " + workDir + " does not fit these settings (delete it to start"
                    + " over): " + e.getMessage(), e);
        }
        String[] parts = Files.readString(state, StandardCharsets.UTF_8).trim().split("\\s+");
        return new Position(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }

    public static void save(Model model, Path workDir, int epochsDone) throws IOException {
        save(model, workDir, epochsDone, 0);
    }

    /** A checkpoint {@code stepsDone} steps into the epoch after {@code epochsDone}. */
    public static void save(Model model, Path workDir, int epochsDone, int stepsDone) throws IOException {
        model.save(workDir, CHECKPOINT);
        Files.writeString(workDir.resolve(STATE), stepsDone == 0 ? Integer.toString(epochsDone)
                : epochsDone + " " + stepsDone, StandardCharsets.UTF_8);
    }

    /** Removes the checkpoint files of a finished run (and the folder, when nothing else is in it). */
    public static void delete(Path workDir) throws IOException {
        Files.deleteIfExists(workDir.resolve(STATE));
        try (var files = Files.list(workDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(CHECKPOINT + "-\\d+\\.params")).toList()) {
                Files.delete(f);
            }
        }
        try (var rest = Files.list(workDir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(workDir);
            }
        }
    }

    /**
     * A cosine learning rate from {@code base} down to a tenth of it over {@code totalSteps}, continuing at step
     * {@code stepsDone} (a resumed run's schedule is that of an uninterrupted one).
     */
    public static Tracker cosine(float base, int totalSteps, int stepsDone) {
        Tracker cosine = Tracker.cosine()
                .setBaseValue(base)
                .optFinalValue(base / 10)
                .setMaxUpdates(Math.max(1, totalSteps))
                .build();
        return update -> cosine.getNewValue(update + stepsDone);
    }
}
