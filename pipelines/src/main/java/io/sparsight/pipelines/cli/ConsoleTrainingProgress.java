package io.sparsight.pipelines.cli;

import io.sparsight.models.runtime.TrainingListener;

import java.util.Locale;

/** Training progress for a terminal: loss per epoch and notes on stdout; a running line on stderr while an epoch goes. */
final class ConsoleTrainingProgress implements TrainingListener {

    private long lastPrint;

    @Override
    public void onStep(int epoch, int step, int steps, float loss) {
        long now = System.nanoTime();
        if (now - lastPrint > 2_000_000_000L || step == steps) {
            lastPrint = now;
            System.err.printf(Locale.ROOT, "\repoch %d  step %d/%d  loss %.5f   ", epoch, step, steps, loss);
        }
    }

    @Override
    public void onEpoch(int epoch, float meanLoss, double seconds) {
        System.err.print("\r");
        System.out.printf(Locale.ROOT, "epoch %d  mean loss %.5f  (%.0f s)%n", epoch, meanLoss, seconds);
    }

    @Override
    public void onResume(int epochsDone) {
        System.out.printf(Locale.ROOT, "resuming after epoch %d (checkpoint found)%n", epochsDone);
    }

    @Override
    public void onNote(String line) {
        System.out.println(line);
    }
}
