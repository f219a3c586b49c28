package dev.atelier.cli.train;

import dev.atelier.train.swa.SwaLearningRate;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The stochastic-weight-averaging options of {@code atelier train} (see docs/lr-finder-and-swa.md). */
public final class SwaOptions {
    @Option(names = "--swa-start", paramLabel = "EPOCH",
            description = "Average the weights from this epoch on (counted from 1): the models at the end of epoch"
                    + " EPOCH and every later epoch are averaged, then the average's batch-norm statistics are"
                    + " recomputed and its accuracy reported next to the final model's.")
    Integer startEpoch;

    @Option(names = "--swa-start-iteration", paramLabel = "N",
            description = "Like --swa-start, but the SWA period begins after N batches.")
    Long startIteration;

    @Option(names = "--swa-every-iterations", paramLabel = "N",
            description = "Average every N batches of the SWA period instead of at every epoch end.")
    Long everyIterations;

    @Option(names = "--swa-lr", paramLabel = "LR|MAX:MIN", converter = TypedConverters.SwaLearningRateConverter.class,
            description = "Give SWA its own learning rate, like PyTorch's SWALR: --swa-epochs more epochs are"
                    + " trained after the schedule at constant LR, or cycling linearly from MAX to MIN in every"
                    + " averaging period; the SWA period is then exactly those epochs.")
    SwaLearningRate lr;

    @Option(names = "--swa-epochs", paramLabel = "E", defaultValue = "3",
            description = "With --swa-lr: length of the added SWA period (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--swa-model", paramLabel = "FILE",
            description = "Save the averaged model's parameters here (DJL parameter format).")
    Path model;

    /** Whether any SWA option asks for averaging. */
    boolean enabled() {
        return startEpoch != null || startIteration != null || lr != null;
    }
}
