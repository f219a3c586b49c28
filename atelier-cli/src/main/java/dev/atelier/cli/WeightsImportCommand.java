package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.StoredWeights;
import dev.atelier.core.weights.WeightStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code atelier weights import FILE [--as NAME]}: copy a local weight file into the store. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Copy a weight file (.pth zip or legacy, .safetensors) into the store, after checking it reads.")
public final class WeightsImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "the weight file")
    Path file;

    @CommandLine.Option(names = "--as", paramLabel = "NAME",
            description = "store name (default: the file name without its extension)")
    String as;

    @CommandLine.Option(names = "--force", description = "replace weights already stored under NAME")
    boolean force;

    @Override
    public Integer call() throws Exception {
        String name = as != null ? as : defaultName(file);
        WeightStore store = WeightsCommand.store();
        StoredWeights stored;
        try {
            stored = store.importFile(file, name, force);
        } catch (WeightStore.NameTakenException e) {
            throw new InvalidInputException(e.getMessage() + "; choose another name with --as NAME, or pass --force"
                    + " to replace them", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("imported %s as %s (%s, %s, %s, sha256 %s)%n", file, stored.name(), stored.architecture(),
                stored.format(), WeightsCommand.humanSize(stored.size()), stored.sha256());
        out.flush();
        return 0;
    }

    private static String defaultName(Path file) {
        // "/" has no file name; the store then reports what the path is.
        String base = file.getFileName() == null ? "weights" : file.getFileName().toString();
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
