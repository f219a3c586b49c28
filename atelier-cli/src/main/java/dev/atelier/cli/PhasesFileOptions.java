package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
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
        return PhasesFile.read(file).compile(iterationsPerEpoch);
    }
}
