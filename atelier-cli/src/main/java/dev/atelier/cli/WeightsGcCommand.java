package dev.atelier.cli;

import dev.atelier.core.weights.WeightStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier weights gc [--dry-run]}: delete what the store's folder holds that nothing needs. */
@Command(
        name = "gc",
        mixinStandardHelpOptions = true,
        description = {
            "Delete stray files (files in the store's folder that the index does not name, as `weights verify`"
                    + " lists them) and temporary files left by runs that were cut short.",
            "Never touches a stored entry's file, a subfolder (downloads/ keeps partial downloads), or anything"
                    + " outside the store's folder: a stray symbolic link is deleted, never what it points to."
        })
public final class WeightsGcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--dry-run", description = "only list what would be deleted")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        WeightStore store = WeightsCommand.store();
        List<WeightStore.Leftover> leftovers = store.removeLeftovers(dryRun);
        PrintWriter out = spec.commandLine().getOut();
        long bytes = 0;
        for (WeightStore.Leftover leftover : leftovers) {
            out.printf("%s %s %s (%s)%n", dryRun ? "would delete" : "deleted",
                    leftover.kind() == WeightStore.Leftover.Kind.STRAY ? "stray" : "temporary file",
                    leftover.file().getFileName(), WeightsCommand.humanSize(leftover.size()));
            bytes += leftover.size();
        }
        if (leftovers.isEmpty()) {
            out.println("nothing to delete in " + store.weightsDir());
        } else {
            out.println((dryRun ? "would free " : "freed ") + WeightsCommand.humanSize(bytes));
        }
        out.flush();
        return 0;
    }
}
