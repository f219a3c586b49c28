package dev.atelier.cli;

import dev.atelier.core.weights.WeightStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier weights}: the local store of pretrained weight files. */
@Command(
        name = "weights",
        mixinStandardHelpOptions = true,
        description = {
            "Manage pretrained weight files (torchvision .pth, legacy .pth, .safetensors).",
            "Files live in $XDG_CACHE_HOME/atelier/weights (default: ~/.cache/atelier/weights).",
            "Set ATELIER_CACHE (or -Datelier.cache.dir) to use another folder."
        },
        subcommands = {
            WeightsListCommand.class,
            WeightsFetchCommand.class,
            WeightsImportCommand.class,
            WeightsVerifyCommand.class,
            WeightsGcCommand.class,
            WeightsRandomCommand.class,
        })
public final class WeightsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store every weights subcommand works on. */
    static WeightStore store() {
        return WeightStore.defaultStore();
    }

    /** A byte count for people: {@code 527.8 MiB}. */
    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
