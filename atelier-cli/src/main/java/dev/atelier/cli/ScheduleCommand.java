package dev.atelier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier schedule}: preview a phase list without training. */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = "Preview training phases: plot or tabulate learning rate and momentum per iteration.",
        subcommands = {SchedulePlotCommand.class, ScheduleShowCommand.class})
public final class ScheduleCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
