package dev.atelier.cli.train;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every {@code atelier train <dataset>} command shares. */
public final class TrainingOptions {
    @CommandLine.Mixin
    SwaOptions swa = new SwaOptions();

    @CommandLine.Mixin
    ModelOptions model = new ModelOptions();

    @CommandLine.Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @CommandLine.Mixin
    OptimizerChoice optimizer = new OptimizerChoice();

    @CommandLine.Mixin
    LoaderOptions loader = new LoaderOptions();

    @Option(names = "--tta", description = "Also report accuracy with test-time augmentation (average of image and its mirror).")
    boolean tta;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write epoch-NNN.ckpt and last.ckpt here after every epoch.")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CKPT", description = "Continue from a checkpoint of the same command.")
    Path resume;

    @Option(names = "--metrics-json", paramLabel = "FILE",
            description = "Write per-epoch and total metrics, and the lr and momentum of every batch, here (updated"
                    + " after every epoch; plot them with 'atelier schedule plot --run FILE').")
    Path metricsJson;

    @Option(names = "--continue-on-nan",
            description = "Keep training when the loss becomes NaN or infinite (default: stop with exit code 2,"
                    + " keeping the last good checkpoint).")
    boolean continueOnNan;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;
}
