package dev.atelier.cli;

import dev.atelier.core.io.FileWriteException;
import dev.atelier.style.image.RgbImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
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

    /** {@code task} names the bar ({@code stylize}, {@code harmonize}). */
    RunProgress(PrintWriter err, String task) {
        this.err = err;
        this.task = task;
    }

    /** The run begins: {@code maxEvaluations} in all; a bar when stderr is a terminal. */
    void start(int maxEvaluations) {
        max = maxEvaluations;
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(maxEvaluations)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" evals", 1).build();
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

    /** Scale {@code index} of {@code count} begins: its line (without a bar, when there are several). */
    void scale(int index, int count, int width, int height, int evaluations) {
        if (count > 1) {
            say(String.format(Locale.ROOT, "scale %d/%d: %dx%d, %d evaluations", index + 1, count, width, height,
                    evaluations));
        }
    }

    /** Evaluation {@code evaluation} is done; {@code message} describes it; {@code eta} adds the time left. */
    void evaluation(int evaluation, String message, double secondsPerEvaluation, boolean eta) {
        if (bar != null) {
            bar.stepTo(evaluation);
            bar.setExtraMessage(message);
        } else if (evaluation == 1 || evaluation * 10 / max > lastReported * 10 / max || evaluation == max) {
            lastReported = evaluation;
            String left = eta ? String.format(Locale.ROOT, "  ETA %ds", Math.round(secondsPerEvaluation * (max - evaluation)))
                    : "";
            err.printf(Locale.ROOT, "eval %d/%d  %s%s%n", evaluation, max, message, left);
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
