package dev.atelier.cli.gan;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier gan}: the progressive GAN (train, sample, score). */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = "Progressive GAN on Fashion-MNIST (4 -> 8 -> 16 -> 32 px), grown by a phases file.",
        subcommands = {GanTrainCommand.class, GanSampleCommand.class, GanScoreCommand.class})
public final class GanCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
