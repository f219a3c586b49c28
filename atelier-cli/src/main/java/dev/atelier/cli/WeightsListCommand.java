package dev.atelier.cli;

import dev.atelier.core.weights.KnownWeights;
import dev.atelier.core.weights.StoredWeights;
import dev.atelier.core.weights.WeightStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier weights list}: what the store holds, and what could be fetched. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List stored weights and fetchable names.")
public final class WeightsListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WeightStore store = WeightsCommand.store();
        List<StoredWeights> entries = store.list();
        PrintWriter out = spec.commandLine().getOut();
        if (entries.isEmpty()) {
            out.println("no weights stored in " + store.weightsDir());
        } else {
            int nameWidth = Math.max(4, entries.stream().mapToInt(e -> e.name().length()).max().orElse(4));
            String row = "%-" + nameWidth + "s  %-12s  %10s  %-12s  %s%n";
            out.printf(row, "NAME", "ARCHITECTURE", "SIZE", "SHA256", "SOURCE");
            for (StoredWeights e : entries) {
                out.printf(row, e.name(), e.architecture(), WeightsCommand.humanSize(e.size()),
                        e.sha256().substring(0, Math.min(12, e.sha256().length())), e.source());
            }
        }
        Set<String> stored = entries.stream().map(StoredWeights::name).collect(Collectors.toSet());
        List<String> fetchable = KnownWeights.names().stream().filter(n -> !stored.contains(n)).toList();
        if (!fetchable.isEmpty()) {
            out.println();
            out.println("fetchable with `atelier weights fetch NAME`: " + String.join(", ", fetchable));
        }
        out.flush();
        return 0;
    }
}
