package dev.atelier.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier style-net}: feed-forward style networks (train once, then paint any photo in one pass). */
@Command(name = "style-net", mixinStandardHelpOptions = true,
        description = {"Feed-forward style networks (Johnson et al. 2016): train one per style on a folder of photos,",
            "then paint any photo in one pass. See docs/style-nets.md."},
        subcommands = {StyleNetTrainCommand.class, StyleNetApplyCommand.class})
public final class StyleNetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
