package dev.atelier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier bench}: timings of the expensive steps, one subcommand per workload. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure how long the heavy computations take on this machine.",
        subcommands = {
            BenchVggCommand.class,
            BenchStyleCommand.class,
            BenchHarmonizeCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
