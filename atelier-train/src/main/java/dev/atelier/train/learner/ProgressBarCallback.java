package dev.atelier.train.learner;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A per-epoch text progress bar with the running loss and accuracy, as a callback: pass it to
 * {@link Learner#fit(java.util.List, FitOptions, java.util.List)} or let the learner add it
 * ({@link LearnerBuilder#optProgressBar}).
 */
public final class ProgressBarCallback implements LearnerCallback {
    private final PrintStream out;
    private ProgressBar bar;
    private int barEpoch = -1;

    /** A bar drawn on {@code out} (e.g. {@code System.err}). */
    public ProgressBarCallback(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(Learner learner, EpochProgress progress) {
        if (bar == null || barEpoch != progress.epoch()) {
            close();
            bar = new ProgressBarBuilder().setTaskName("epoch " + progress.epoch())
                    .setInitialMax(progress.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).continuousUpdate().setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
            barEpoch = progress.epoch();
        }
        bar.stepTo(progress.batch());
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.4f", progress.loss(), progress.accuracy()));
        if (progress.lastBatch()) {
            close(); // validation follows: the bar must not keep ticking through it
        }
    }

    @Override
    public void onEpochEnd(Learner learner, EpochResult epoch) {
        close();
    }

    @Override
    public void onFitEnd(Learner learner, FitResult result) {
        close();
    }

    /** Closes the bar of the epoch in progress, if any (a fit that throws leaves one open). */
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
