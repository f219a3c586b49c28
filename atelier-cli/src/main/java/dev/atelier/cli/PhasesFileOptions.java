package dev.atelier.cli;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.SettingException;
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
        PhasesFile phases = PhasesFile.read(file);
        if (iterationsPerEpoch == null) {
            // the file's epoch lengths are the library's to look up; this message can name the option that gives one
            for (var p : phases.phases()) {
                if (p.length() instanceof PhaseLength.Epochs && phases.epochLength(p.data()).isEmpty()) {
                    throw new InvalidInputException("no iterationsPerEpoch for data '" + p.data()
                            + "': add it to the file or pass --iterations-per-epoch");
                }
            }
        }
        try {
            return phases.compile(iterationsPerEpoch);
        } catch (SettingException e) { // the one setting compile takes from here
            throw new InvalidInputException(e.render("--iterations-per-epoch"));
        }
    }
}
