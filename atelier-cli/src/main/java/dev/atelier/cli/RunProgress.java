package dev.atelier.cli;

import dev.atelier.core.io.FileWriteException;
import dev.atelier.style.engine.RemainingTime;
import dev.atelier.style.engine.TimeBudget;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * How a long optimisation (stylize, harmonize) reports on stderr: a live bar on a terminal; otherwise a
 * line per scale and a line at the first evaluation, every tenth of the run and the last, so a log stays
 * short. Also the first preview's time and the snapshots' names ({@code out.0050.png}).
 */
final class RunProgress implements AutoCloseable {
    private final PrintWriter err;
    private final String task;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private int max;
    private int lastReported;
    private RemainingTime eta;
    private TimeBudget budget = TimeBudget.NONE;
    private long lastReportedTenth = -1;

    /** {@code task} names the bar ({@code stylize}, {@code harmonize}). */
    RunProgress(PrintWriter err, String task) {
        this.err = err;
        this.task = task;
    }

    /** The run begins: {@code maxEvaluations} in all, no time left shown; a bar when stderr is a terminal. */
    void start(int maxEvaluations) {
        start(maxEvaluations, null, TimeBudget.NONE);
    }

    /**
     * The run begins: at most {@code maxEvaluations}, or as many as {@code budget} allows when one is set (the
     * bar then counts seconds); {@code eta} (or null) estimates the time left. A bar when stderr is a terminal.
     */
    void start(int maxEvaluations, RemainingTime eta, TimeBudget budget) {
        max = maxEvaluations;
        this.eta = eta;
        this.budget = budget;
        if (System.console() != null) {
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250);
            if (budget.isSet()) {
                b.setInitialMax(Math.round(budget.seconds())).setUnit(" s", 1);
            } else {
                b.setInitialMax(maxEvaluations).setUnit(" evals", 1);
            }
            if (eta != null) {
                b.setEtaFunction(state -> {
                    double left = eta.seconds();
                    return Double.isFinite(left) ? Optional.of(Duration.ofMillis(Math.round(left * 1000)))
                            : Optional.empty();
                });
            } else {
                b.hideEta();
            }
            bar = b.build();
        }
    }

    /** A line of its own, where there is no bar (a bar's line would be broken by it). */
    void say(String line) {
        if (bar == null) {
            err.println(line);
            err.flush();
        }
    }

    /** A line of its own whether or not there is a bar. */
    void announce(String line) {
        err.println(line);
        err.flush();
    }

    /**
     * Scale {@code index} of {@code count} begins: its line (without a bar, when there are several);
     * {@code evaluations} below 0 when a time budget, not a count, bounds it.
     */
    void scale(int index, int count, int width, int height, int evaluations) {
        if (count > 1) {
            say(String.format(Locale.ROOT, "scale %d/%d: %dx%d%s", index + 1, count, width, height,
                    evaluations < 0 ? ", its share of the time" : ", " + evaluations + " evaluations"));
        }
    }

    /**
     * Evaluation {@code evaluation} is done, {@code seconds} into the optimisation; {@code message} describes
     * it. Without a bar, a line at the first, at every tenth of the run (of its evaluations, or of its time
     * budget) and at the last, with the time left where it is estimated.
     */
    void evaluation(int evaluation, String message, double seconds) {
        if (bar != null) {
            bar.stepTo(budget.isSet() ? Math.min(Math.round(seconds), Math.round(budget.seconds())) : evaluation);
            bar.setExtraMessage(message);
            return;
        }
        boolean due;
        if (budget.isSet()) {
            long tenth = (long) Math.floor(10 * seconds / budget.seconds());
            due = evaluation == 1 || tenth > lastReportedTenth;
            if (due) {
                lastReportedTenth = tenth;
            }
        } else {
            due = evaluation == 1 || evaluation * 10 / max > lastReported * 10 / max || evaluation == max;
        }
        if (due) {
            lastReported = evaluation;
            double left = eta == null ? Double.NaN : eta.seconds();
            String tail = Double.isFinite(left) ? String.format(Locale.ROOT, "  ETA %ds", Math.round(left)) : "";
            String count = budget.isSet() ? String.format(Locale.ROOT, "eval %d (%.0f/%s)", evaluation, seconds,
                    budget.describe()) : String.format(Locale.ROOT, "eval %d/%d", evaluation, max);
            err.printf(Locale.ROOT, "%s  %s%s%n", count, message, tail);
            err.flush();
        }
    }

    /** Writes the first preview to {@code file} and says how long it took. */
    void preview(RgbImage image, Path file) {
        write(image, file, "preview");
        String message = String.format(Locale.ROOT, "preview %s after %.1f s", file, (System.nanoTime() - startNanos) / 1e9);
        if (bar != null) {
            bar.setExtraMessage(message);
        } else {
            announce(message);
        }
    }

    /** Writes the snapshot of {@code output} at {@code evaluation}: {@code out.0050.png} beside {@code out.png}. */
    static void snapshot(RgbImage image, Path output, int evaluation) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        write(image, output.resolveSibling(String.format(Locale.ROOT, "%s.%04d%s", name.substring(0, dot), evaluation,
                name.substring(dot))), "snapshot");
    }

    private static void write(RgbImage image, Path file, String what) {
        try {
            image.write(file);
        } catch (IOException e) {
            // unchecked to pass through the engine's listener; the message names the file and a full disk
            FileWriteException named = FileWriteException.of(what, file, e);
            throw new UncheckedIOException(named.getMessage(), named);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
