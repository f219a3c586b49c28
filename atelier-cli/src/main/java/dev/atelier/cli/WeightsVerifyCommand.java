package dev.atelier.cli;

import dev.atelier.core.weights.WeightStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code atelier weights verify [NAME]}: recompute stored files' SHA-256 and compare with the index, and
 * list the files in the store that the index does not name.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Recompute the SHA-256 of stored weight files and compare it with the index; "
                    + "exits with 1 when any file is damaged or missing.",
            "Without NAME, also lists stray files: files in the store's folder that the index does not name "
                    + "(`atelier weights gc` removes them)."
        })
public final class WeightsVerifyCommand implements Callable<Integer> {
    /** Exit code when a stored file does not match its recorded checksum. */
    static final int EXIT_MISMATCH = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "only this entry")
    String name;

    @Override
    public Integer call() throws Exception {
        WeightStore store = WeightsCommand.store();
        List<WeightStore.Verification> results = store.verify(Optional.ofNullable(name));
        PrintWriter out = spec.commandLine().getOut();
        boolean bad = false;
        for (WeightStore.Verification v : results) {
            switch (v.status()) {
                case OK -> out.printf("OK        %s  %s%n", v.entry().name(), v.entry().sha256());
                case MISMATCH -> out.printf("MISMATCH  %s  index %s, file %s%n", v.entry().name(), v.entry().sha256(),
                        v.actualSha256());
                case MISSING -> out.printf("MISSING   %s  (%s)%n", v.entry().name(), v.entry().file());
                case OUTSIDE_STORE -> out.printf("REFUSED   %s  (the index gives it the file '%s', which is not inside"
                        + " the store; not read)%n", v.entry().name(), v.entry().file());
            }
            bad |= v.status() != WeightStore.Verification.Status.OK;
        }
        if (results.isEmpty()) {
            out.println("no weights stored");
        }
        if (name == null) {
            for (WeightStore.Leftover stray : store.strays()) {
                out.printf("STRAY     %s  (%s, not in the index; `atelier weights gc` removes it)%n",
                        stray.file().getFileName(), WeightsCommand.humanSize(stray.size()));
            }
        }
        if (bad) {
            out.println("damaged, missing or refused files: fetch or import them again (with --force)");
        }
        out.flush();
        return bad ? EXIT_MISMATCH : 0;
    }
}
