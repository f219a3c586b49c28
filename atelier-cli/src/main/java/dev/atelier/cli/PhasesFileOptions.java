package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.schedule.PhaseLength;
import dev.atelier.train.schedule.PhasesFile;
import dev.atelier.train.schedule.TrainingSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The phase file and epoch length shared by the {@code schedule} subcommands. */
public final class PhasesFileOptions {
    @Parameters(index = "0", paramLabel = "PHASES.json", arity = "1",
            description = "Phase list (see docs/training-phases.md and examples/phases/).")
    Path file;

    @Option(names = "--iterations-per-epoch", paramLabel = "N",
            description = "Batches per epoch for every dataset; overrides the file's iterationsPerEpoch.")
    Long iterationsPerEpoch;

    /** Reads and compiles the file, or fails with one line per problem. */
    TrainingSchedule compile() throws IOException {
        if (!Files.exists(file)) {
            throw new InvalidInputException("no such phases file: " + file);
        }
        if (iterationsPerEpoch != null && iterationsPerEpoch <= 0) {
            throw new InvalidInputException("--iterations-per-epoch must be positive, got " + iterationsPerEpoch);
        }
        PhasesFile phases = PhasesFile.read(file);
        if (iterationsPerEpoch == null) {
            // the library says what is missing; here we can also say which option gives it
            for (var p : phases.phases()) {
                var perEpoch = phases.iterationsPerEpoch();
                if (p.length() instanceof PhaseLength.Epochs && !perEpoch.containsKey(p.data())
                        && !perEpoch.containsKey(PhasesFile.ANY_DATA)) {
                    throw new InvalidInputException("no iterationsPerEpoch for data '" + p.data()
                            + "': add it to the file or pass --iterations-per-epoch");
                }
            }
        }
        return phases.compile(iterationsPerEpoch);
    }
}
