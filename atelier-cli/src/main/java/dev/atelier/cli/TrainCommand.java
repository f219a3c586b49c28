package dev.atelier.cli;

import dev.atelier.cli.train.TrainFashionMnistCommand;
import dev.atelier.cli.train.TrainImageFolderCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier train <dataset> ...}: one subcommand per kind of dataset, sharing the training options. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train an image classifier through training phases (1cycle, SGDR, stepwise, or a phases file).",
        subcommands = {TrainFashionMnistCommand.class, TrainImageFolderCommand.class})
public final class TrainCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a dataset: 'atelier train fashion-mnist ...' or 'atelier train image-folder DIR ...'");
    }
}
