package dev.atelier.cli.train;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every {@code atelier train <dataset>} command shares. */
public final class TrainingOptions {
    @CommandLine.Mixin
    SwaOptions swa = new SwaOptions();

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "simple",
            description = "Model: simple or resnet (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--inception-stem", description = "Replace the first 3x3 convolution by parallel 1x1/3x3/factored-5x5 branches.")
    boolean inceptionStem;

    @Option(names = "--width", defaultValue = "32", description = "Channels of the first stage; later stages double it (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--schedule", paramLabel = "KIND", defaultValue = "one-cycle",
            description = "one-cycle, sgdr, constant or stepwise (default: ${DEFAULT-VALUE}); ignored with --phases.")
    String schedule;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--epochs", defaultValue = "5", description = "Length of the generated schedule in epochs (default: ${DEFAULT-VALUE}).")
    double epochs;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adam, adamw or rmsprop for the generated schedule (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum (beta1) of constant, sgdr and stepwise schedules (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--div", defaultValue = "10", description = "one-cycle: the low lr is lr/div (default: ${DEFAULT-VALUE}).")
    double div;

    @Option(names = "--pct", defaultValue = "10", description = "one-cycle: percent of the epochs for the final annealing (default: ${DEFAULT-VALUE}).")
    double pct;

    @Option(names = "--cycles", defaultValue = "1", description = "sgdr: number of cycles (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--cycle-mult", defaultValue = "1", description = "sgdr: each cycle is this many times longer (default: ${DEFAULT-VALUE}).")
    double cycleMult;

    @Option(names = "--steps", paramLabel = "E:LR,...",
            description = "stepwise: epochs and lr of each step, e.g. 3:0.1,2:0.01 (default: half at lr, 30%% at lr/10, 20%% at lr/100).")
    String steps;

    @Option(names = "--wd", defaultValue = "5e-4", description = "Weight decay of the generated schedule (default: ${DEFAULT-VALUE}).")
    double wd;

    @Option(names = "--phases", paramLabel = "FILE", description = "A phases JSON file (see docs/training-phases.md); replaces --schedule.")
    Path phases;

    @Option(names = "--batch-size", defaultValue = "256", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--augment", defaultValue = "crop-flip",
            description = "Training augmentation: crop-flip, crop, flip or none (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--padding", defaultValue = "2", description = "Zero padding of the random crop, in pixels (default: ${DEFAULT-VALUE}).")
    int padding;

    @Option(names = "--tta", description = "Also report accuracy with test-time augmentation (average of image and its mirror).")
    boolean tta;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Intra-op threads of the engine (default: all cores).")
    Integer threads;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Write epoch-NNN.ckpt and last.ckpt here after every epoch.")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CKPT", description = "Continue from a checkpoint of the same command.")
    Path resume;

    @Option(names = "--metrics-json", paramLabel = "FILE", description = "Write per-epoch and total metrics here (updated after every epoch).")
    Path metricsJson;

    @Option(names = "--continue-on-nan",
            description = "Keep training when the loss becomes NaN or infinite (default: stop with exit code 2,"
                    + " keeping the last good checkpoint).")
    boolean continueOnNan;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;
}
