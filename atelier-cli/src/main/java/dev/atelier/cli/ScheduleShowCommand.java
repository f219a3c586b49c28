package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.optim.HyperParameters;
import dev.atelier.train.schedule.CompiledPhase;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code atelier schedule show phases.json}: the phases, then a table of hyper-parameters per iteration. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Print the phases and a table of iteration, phase, optimizer, lr (per group), momentum, wd.")
public final class ScheduleShowCommand implements Callable<Integer> {
    /** Most rows one table may have. */
    private static final long MAX_ROWS = 1_000_000;

    /** Rows shown when --every is not given: enough to see the shape, short enough to read. */
    private static final int DEFAULT_ROWS = 40;

    @Mixin
    PhasesFileOptions phases;

    @Option(names = "--every", paramLabel = "K",
            description = "Show every K-th iteration (default: about " + DEFAULT_ROWS + " rows); each phase's"
                    + " first and last batch are always shown.")
    Long every;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (every != null && every <= 0) {
            throw new InvalidInputException("--every must be positive, got " + every);
        }
        TrainingSchedule schedule = phases.compile();
        long total = schedule.totalIterations();
        long step = every != null ? every : Math.max(1, (total + DEFAULT_ROWS - 1) / DEFAULT_ROWS);
        // the rows are collected before printing: bound them (phase boundaries add two per phase)
        long wanted = (total + step - 1) / step + 2L * schedule.phases().size();
        if (wanted > MAX_ROWS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--every %d would print %,d rows of %,d"
                    + " iterations (at most %,d): use --every %d or more", step, wanted, total, MAX_ROWS,
                    Math.max(step + 1, (total + MAX_ROWS / 2 - 1) / (MAX_ROWS / 2))));
        }
        TreeSet<Long> rows = new TreeSet<>();
        for (long i = 0; i < total; i += step) {
            rows.add(i);
        }
        for (CompiledPhase p : schedule.phases()) {
            rows.add(p.startIteration());
            rows.add(p.endIteration() - 1);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(schedule.describe());
        out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%9s  %5s  %-13s", "iteration", "phase", "optimizer"));
        int groups = schedule.layerGroups();
        for (int g = 0; g < groups; g++) {
            header.append(String.format(Locale.ROOT, "  %12s", groups == 1 ? "lr" : "lr[" + g + "]"));
        }
        header.append(String.format(Locale.ROOT, "  %9s  %10s", "momentum", "wd"));
        out.println(header);
        for (long i : rows) {
            HyperParameters hp = schedule.valueAt(i);
            CompiledPhase p = schedule.phases().get(hp.phaseIndex());
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9d  %5d  %-13s", i, hp.phaseIndex() + 1,
                    p.phase().optimizerLabel()));
            for (int g = 0; g < groups; g++) {
                line.append(String.format(Locale.ROOT, "  %12.6g", hp.lr(g)));
            }
            line.append(String.format(Locale.ROOT, "  %9.4f  %10.3g", hp.momentum(), hp.weightDecay()));
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
