package dev.atelier.cli.train;

import dev.atelier.core.InvalidInputException;
import dev.atelier.train.data.Augmentation;
import dev.atelier.train.precision.Precision;
import picocli.CommandLine.Option;

/** How batches are made and computed: shared by {@code train} and {@code lr-find}. */
public final class LoaderOptions {
    @Option(names = "--batch-size", defaultValue = "256", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    public int batchSize;

    @Option(names = "--augment", defaultValue = "crop-flip", converter = TypedConverters.AugmentConverter.class,
            description = "Training augmentation: crop-flip, crop, flip or none (default: ${DEFAULT-VALUE}).")
    public AugmentMode augment;

    @Option(names = "--padding", defaultValue = "2", description = "Zero padding of the random crop, in pixels (default: ${DEFAULT-VALUE}).")
    public int padding;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of initialisation, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
    public long seed;

    @Option(names = "--threads", description = "Intra-op threads of the engine (default: all cores).")
    public Integer threads;

    @Option(names = "--precision", defaultValue = "fp32", converter = TypedConverters.PrecisionConverter.class,
            description = "Arithmetic of the forward and backward passes: fp32, bf16 or fp16, with fp32 master weights,"
                    + " optimizer state and batch-norm statistics; fp16 uses dynamic loss scaling"
                    + " (default: ${DEFAULT-VALUE}). Refused in one line if the engine cannot do it.")
    public Precision precision;

    /** Fails with one line on a value no run can use. */
    public void check() {
        if (batchSize <= 0) {
            throw new InvalidInputException("--batch-size must be positive, got " + batchSize);
        }
        if (threads != null && threads <= 0) {
            throw new InvalidInputException("--threads must be positive, got " + threads);
        }
        if (padding < 0) {
            throw new InvalidInputException("--padding must not be negative, got " + padding);
        }
    }

    /** The training augmentation. */
    public Augmentation augmentation() {
        return augment.augmentation(padding);
    }

    /** The engine's thread count: {@code --threads} or every core. */
    public int threadCount() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
